/* The agent-side command lines the native client hands the hub server itself (forward.c). */
#ifndef BOTSTER_FORWARD_H
#define BOTSTER_FORWARD_H

/* Runs ARGV (the user's command line, without the program) through the home's hub server when it
 * is one of report, statusline, message-hook, send, read, agents, status, whoami, wait or tmux ...,
 * and exits with its exit code. Returns when the command line is the node client's: another
 * command, no server answers, or the server says it does not run it here. */
void forward_command(int argc, char **argv);

#endif
