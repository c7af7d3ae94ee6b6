/* Base64, as the `cli` request carries stdin and its answer carries the command's output. */
#ifndef BOTSTER_BASE64_H
#define BOTSTER_BASE64_H
#include "buf.h"

/* N bytes of P, base64-encoded, onto B. */
void add_base64(buf_t *b, const unsigned char *p, size_t n);
/* Decodes base64 from S (up to its closing quote) into OUT; 0 when it is not base64. */
int from_base64(const char *s, buf_t *out);

#endif
