#!/usr/bin/env python3
# cap.py SESSION CLI PKG VERSION EXPECTED "name" [reason]
# Captures the tmux pane of SESSION (tui -n SESSION) as a real-screen case: the screen (rows right-
# trimmed), its title (OSC 0/2 as tmux keeps it), its size, and how long it had not changed
# (sampled every 100 ms for up to 2 s before the capture), appended to cases/CLI.json.
import json, subprocess, sys, time, os, socket
sess, cli, pkg, ver, exp, name = sys.argv[1:7]
reason = sys.argv[7] if len(sys.argv) > 7 else None
exp = {'running': 'busy', 'waiting': 'waiting_input'}.get(exp, exp)
assert exp in ('busy', 'waiting_input', 'idle'), exp
T = ['tmux', '-L', f'tui-{sess}']
def grab():
    s = subprocess.run(T + ['capture-pane', '-p', '-t', 'main'], capture_output=True, text=True).stdout
    t = subprocess.run(T + ['display', '-p', '-t', 'main', '#{pane_title}'], capture_output=True, text=True).stdout.rstrip()
    return s, t
last = grab(); since = time.time(); start = time.time()
while time.time() - start < float(os.environ.get('CAP_WAIT', '2.0')):
    time.sleep(0.1)
    g = grab()
    if g != last: last = g; since = time.time()
screen, title = last
quiet = min(2000, int((time.time() - since) * 1000))
if title == socket.gethostname(): title = ''
rows = [l.rstrip() for l in screen.rstrip('\n').split('\n')]
size = subprocess.run(T + ['display', '-p', '-t', 'main', '#{pane_width}x#{pane_height}'], capture_output=True, text=True).stdout.strip()
case = {'name': name, 'screen': '\n'.join(rows), 'expected': exp, 'title': title, 'program': cli.split(':')[-1],
        'version': ver, 'size': size, 'quiet_ms': quiet}
if reason: case['reason'] = reason
case['source'] = f"{pkg}@{ver} real run in tmux (local mock model), {os.environ.get('CAP_WHEN','2026-11-27, issue 73')}"
import re
if not os.environ.get('CAP_FORCE') and exp == 'idle' and re.search(r'(?i)esc (to )?interrupt|esc to cancel', '\n'.join(rows[-10:])):
    print('LABEL? idle with an interrupt hint on screen: not saved'); sys.exit(3)
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'cases', cli.split(':')[0] + '.json')
cases = json.load(open(path)) if os.path.exists(path) else []
cases.append(case)
json.dump(cases, open(path, 'w'), ensure_ascii=False, indent=1)
import signal; signal.signal(signal.SIGPIPE, signal.SIG_DFL)
print(f"{len(cases)}: {size} quiet={quiet} title={title!r}\n" + '\n'.join(rows[-12:]))
