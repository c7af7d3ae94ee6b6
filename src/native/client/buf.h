/* Growable strings (the client's and the command forwarding's): the HELLO's JSON, what is said
 * at the end, a forwarded command's request and what comes back. */
#ifndef BOTSTER_BUF_H
#define BOTSTER_BUF_H
#include <stddef.h>

typedef struct {
  char *p;
  size_t len, cap;
} buf_t;

/* Room for MORE bytes and a NUL (out of memory: said, and exit 1). */
void need(buf_t *b, size_t more);
void put(buf_t *b, const void *s, size_t n);
void puts_(buf_t *b, const char *s);
void putf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A JSON string: the bytes as they are (UTF-8), quotes, backslashes and control characters escaped. */
void put_json(buf_t *b, const char *s);

#endif
