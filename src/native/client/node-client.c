/* The node client, for anything this one does not do: the same command line, run by node
 * (bin/botster-tui.js), which explains and checks everything (node-client.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "node-client.h"
#include "trace.h"

/* Whether the package this client was launched for (JS is its bin/botster-tui.js; its
 * package.json is one folder up) is this client's own version. A native client npm hoisted beside
 * another install (an older or newer botster-tui) would attach as another release, and its server
 * would say "an upgrade is waiting" forever: then the package's node client runs instead. */
int own_package(const char *js_path) {
  char path[4300];
  const char *slash = strrchr(js_path, '/');
  if (slash) snprintf(path, sizeof path, "%.*s/../package.json", (int)(slash - js_path), js_path);
  else snprintf(path, sizeof path, "../package.json");
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  char buf[8192];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  /* The first "version" key of a package.json is its own (name and version come first). */
  char *v = strstr(buf, "\"version\"");
  if (!v || !(v = strchr(v + 9, '"'))) return 0;
  v++;
  char *end = strchr(v, '"');
  return end && (size_t)(end - v) == strlen(BOTSTER_VERSION) && strncmp(v, BOTSTER_VERSION, (size_t)(end - v)) == 0;
}

/* This is the package's own client: what it hands to node is said to come through it (--version
 * names the client in use). */
int own = 0;

__attribute__((noreturn)) void node_client(void) {
  if (own) setenv("BOTSTER_VIA_NATIVE", "1", 1);
  /* Reattaching (counted already): the node client says so, and shows the same view. */
  if (reattach_why) setenv("BOTSTER_REATTACHED", reattach_why, 1);
  if (view_json) setenv("BOTSTER_VIEW", view_json, 1);
  char **argv = calloc((size_t)user_argc + 3, sizeof *argv);
  if (!argv) exit(1);
  argv[0] = "node";
  argv[1] = (char *)js;
  for (int i = 0; i < user_argc; i++) argv[i + 2] = user_argv[i];
  trace("client: the node client takes over");
  /* An agent's botster-tui names the hub's own node (src/lifecycle/agent-path.ts); else PATH's. */
  const char *node = getenv("BOTSTER_NODE");
  if (node && *node == '/') {
    char *own_node = strdup(node);
    unsetenv("BOTSTER_NODE");
    if (own_node) execv(own_node, argv);
  }
  execvp("node", argv);
  fprintf(stderr, "botster-tui: cannot run node: %s\n", strerror(errno));
  exit(1);
}
