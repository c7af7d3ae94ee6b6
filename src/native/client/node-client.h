/* The node client, for anything the native one does not do. */
#ifndef BOTSTER_NODE_CLIENT_H
#define BOTSTER_NODE_CLIENT_H

/* This is the package's own client (own_package): what it hands to node is said to come through it. */
extern int own;
/* Whether the package of JS_PATH (its bin/botster-tui.js) is this client's own version. */
int own_package(const char *js_path);
/* Runs the node client with the user's command line instead of this process. */
__attribute__((noreturn)) void node_client(void);

#endif
