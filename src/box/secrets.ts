// What no box of the hub's own sees, whatever Lua says: the floor under sandbox.secrets
// (lua/default/sandbox.lua, which a user may widen). The box the hub's git runs in
// (src/box/git-box.ts) hides these, so a program a repository's configuration names (a filter, a
// textconv) has nothing secret to read.

/** `~/...` is the home; a folder ends with `/`. */
export const SECRETS: readonly string[] = [
  '~/.ssh/',
  '~/.gnupg/',
  '~/.aws/',
  '~/.azure/',
  '~/.config/gcloud/',
  '~/.kube/',
  '~/.docker/',
  '~/.password-store/',
  '~/.local/share/keyrings/',
  '~/.config/gh/',
  '~/.config/hub',
  '~/.config/git/credentials',
  '~/.config/containers/',
  '~/.git-credentials',
  '~/.netrc',
  '~/.npmrc',
  '~/.pypirc',
  '~/.cargo/credentials',
  '~/.cargo/credentials.toml',
  '~/.claude/',
  '~/.claude.json',
  '~/.codex/',
  '~/.gemini/',
  '~/.copilot/',
  '~/.config/github-copilot/',
  '~/.bash_history',
  '~/.zsh_history',
  '~/.python_history',
  '~/.mozilla/',
  '~/.config/google-chrome/',
  '~/.config/chromium/',
  '/run/user/',
  '/run/dbus/',
  '/var/run/docker.sock',
  '/run/docker.sock',
  '/run/podman/',
];
