/* The client as an agent's own `botster-tui` and `tmux` ($BOTSTER_HOME/bin, written by the hub):
 * copies of this program beside a note naming the package and node, so an agent's hook or tmux
 * command starts one process, not a shell that starts this one (src/lifecycle/agent-path.ts). */
#ifndef BOTSTER_AGENT_BIN_H
#define BOTSTER_AGENT_BIN_H

/* The note's name, beside the copies. */
#define AGENT_BIN_NOTE ".botster-launch"

/* When this program runs as such a copy: its argv rewritten as the launcher's
 * (program, package's bin/botster-tui.js, [tmux,] the rest), BOTSTER_NODE set as the note says and
 * NODE_EXTRA_CA_CERTS set aside as bin/botster-tui does; else argv untouched. */
void agent_bin(int *argc, char ***argv);

#endif
