/* What the server wrote to its log (HOME/logs/server.log) since this client began: said when the
 * server goes away without a word, so the user learns why there and then (server-log.h). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client.h"
#include "server-log.h"
#include "wire.h"

off_t log_size = -1;

void server_log(char *out, size_t n) { snprintf(out, n, "%s/logs/server.log", home); }

/* What the server wrote to logs/server.log since log_size (its last 4 KB at most), to be freed;
 * NULL when nothing. */
static char *new_log(void) {
  char file[4200];
  server_log(file, sizeof file);
  int fd = open(file, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NULL;
  struct stat st;
  if (fstat(fd, &st) < 0 || log_size < 0 || st.st_size <= log_size) {
    close(fd);
    return NULL;
  }
  off_t from = st.st_size - 4096 > log_size ? st.st_size - 4096 : log_size;
  size_t len = (size_t)(st.st_size - from);
  char *text = malloc(len + 1);
  ssize_t got = text ? pread(fd, text, len, from) : -1;
  close(fd);
  if (got <= 0) {
    free(text);
    return NULL;
  }
  text[got] = 0;
  return text;
}

/* What a server that died wrote to logs/server.log since we attached: its last 5 non-empty lines. */
void last_words(buf_t *out) {
  char *text = new_log();
  if (!text) return;
  char *lines[5];
  int count = 0;
  for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
    const char *c = line;
    while (*c == ' ' || *c == '\t' || *c == '\r') c++;
    if (!*c) continue;
    if (count == 5) {
      memmove(lines, lines + 1, 4 * sizeof *lines);
      count = 4;
    }
    lines[count++] = line;
  }
  for (int i = 0; i < count; i++) {
    if (i) puts_(out, "\n  ");
    puts_(out, lines[i]);
  }
  free(text);
}

/* The line a server that could not start wrote to its log since we began (as the server's
 * COULD_NOT_START, src/wire/protocol.ts), without its "botster-tui: ": a connection it reset
 * before it could say why. Empty when there is none. */
void could_not_start(buf_t *out) {
  static const char mark[] = "botster-tui: " COULD_NOT_START;
  char *text = new_log();
  if (!text) return;
  const char *found = NULL;
  for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
    if (strncmp(line, mark, sizeof mark - 1) == 0) found = line;
  if (found) puts_(out, found + strlen("botster-tui: "));
  free(text);
}
