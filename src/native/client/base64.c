/* Base64 both ways, for the forwarded command's request and answer (base64.h). */
#include <string.h>

#include "base64.h"

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void add_base64(buf_t *b, const unsigned char *p, size_t n) {
  need(b, (n + 2) / 3 * 4);
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
    char q[4] = {B64[v >> 18 & 63], B64[v >> 12 & 63], i + 1 < n ? B64[v >> 6 & 63] : '=',
                 i + 2 < n ? B64[v & 63] : '='};
    put(b, q, 4);
  }
}

int from_base64(const char *s, buf_t *out) {
  unsigned v = 0;
  int bits = 0;
  for (; *s && *s != '"'; s++) {
    const char *at = strchr(B64, *s);
    if (*s == '=') continue;
    if (!at) return 0;
    v = v << 6 | (unsigned)(at - B64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      char c = (char)(v >> bits & 0xff);
      put(out, &c, 1);
    }
  }
  return *s == '"';
}
