/* An agent's botster-tui and tmux as copies of this client (agent-bin.h). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent-bin.h"

/* The note's line "KEY=VALUE" for KEY, copied into OUT; 0 when absent. */
static int note_line(const char *note, const char *key, char *out, size_t size) {
  size_t kl = strlen(key);
  for (const char *l = note; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l)) {
    if (strncmp(l, key, kl) || l[kl] != '=') continue;
    const char *v = l + kl + 1;
    size_t n = strcspn(v, "\n");
    if (n == 0 || n >= size) return 0;
    memcpy(out, v, n);
    out[n] = 0;
    return 1;
  }
  return 0;
}

void agent_bin(int *argc, char ***argv) {
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return;
  exe[n] = 0;
  char *slash = strrchr(exe, '/');
  if (!slash) return;
  char note_path[4200];
  snprintf(note_path, sizeof note_path, "%.*s/" AGENT_BIN_NOTE, (int)(slash - exe), exe);
  /* Only a note of this user's: what it names is run. */
  struct stat st;
  if (stat(note_path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != getuid()) return;
  FILE *f = fopen(note_path, "r");
  if (!f) return;
  char note[16384];
  size_t got = fread(note, 1, sizeof note - 1, f);
  fclose(f);
  note[got] = 0;
  static char js[4096], node[4096];
  if (!note_line(note, "js", js, sizeof js)) return;
  if (note_line(note, "node", node, sizeof node)) setenv("BOTSTER_NODE", node, 1);
  /* Node boots without the CA store it would parse (~30 ms); what runs gets it back. */
  const char *certs = getenv("NODE_EXTRA_CA_CERTS");
  if (certs) setenv("BOTSTER_NODE_EXTRA_CA_CERTS", certs, 1), unsetenv("NODE_EXTRA_CA_CERTS");
  int tmux = !strcmp(slash + 1, "tmux");
  char **out = calloc((size_t)*argc + 3, sizeof *out);
  if (!out) return;
  int k = 0;
  out[k++] = (*argv)[0];
  out[k++] = js;
  if (tmux) out[k++] = "tmux";
  for (int i = 1; i < *argc; i++) out[k++] = (*argv)[i];
  *argc = k;
  *argv = out;
}
