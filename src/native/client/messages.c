/* The attach protocol's messages: each framed as the server reads them (u32 length, a type byte,
 * the payload), and the few fields of the server's JSON payloads this client reads (messages.h). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "client.h"
#include "messages.h"
#include "sock.h"
#include "terminal.h"
#include "wire.h"

void send_msg(int type, const void *payload, size_t len) {
  unsigned char head[5] = {(unsigned char)((len + 1) >> 24), (unsigned char)((len + 1) >> 16),
                           (unsigned char)((len + 1) >> 8), (unsigned char)(len + 1), (unsigned char)type};
  if (sock < 0) return;
  /* One write when it is small (a key), so the server gets it in one read. */
  if (len <= 4096) {
    unsigned char one[5 + 4096];
    memcpy(one, head, 5);
    if (len) memcpy(one + 5, payload, len);
    write_all(sock, one, 5 + len);
  } else {
    write_all(sock, head, 5);
    write_all(sock, payload, len);
  }
}

void send_size(void) {
  int cols, rows;
  size_of(&cols, &rows);
  char json[64];
  int n = snprintf(json, sizeof json, "{\"cols\":%d,\"rows\":%d}", cols, rows);
  send_msg(MSG_RESIZE, json, (size_t)n);
}

/* A string field of a JSON object payload ("message", "error"), unescaped enough to be said. */
char *json_field(const unsigned char *p, size_t len, const char *key) {
  char want[64];
  snprintf(want, sizeof want, "\"%s\":\"", key);
  size_t wl = strlen(want);
  for (size_t i = 0; i + wl <= len; i++) {
    if (memcmp(p + i, want, wl) != 0) continue;
    buf_t out = {0};
    puts_(&out, "");
    for (size_t j = i + wl; j < len && p[j] != '"'; j++) {
      if (p[j] == '\\' && j + 1 < len) {
        j++;
        char c = (char)p[j];
        if (c == 'n') c = '\n';
        else if (c == 't') c = '\t';
        else if (c == 'u' && j + 4 < len) {
          char hex[5] = {(char)p[j + 1], (char)p[j + 2], (char)p[j + 3], (char)p[j + 4], 0};
          unsigned v = (unsigned)strtoul(hex, NULL, 16);
          j += 4;
          /* BMP code points as UTF-8 (the server's messages are text; surrogates stay '?'). */
          if (v < 0x80) c = (char)v;
          else {
            char u[3];
            size_t n;
            if (v < 0x800) u[0] = (char)(0xc0 | v >> 6), u[1] = (char)(0x80 | (v & 0x3f)), n = 2;
            else if (v >= 0xd800 && v < 0xe000) u[0] = '?', n = 1;
            else
              u[0] = (char)(0xe0 | v >> 12), u[1] = (char)(0x80 | ((v >> 6) & 0x3f)),
              u[2] = (char)(0x80 | (v & 0x3f)), n = 3;
            put(&out, u, n);
            continue;
          }
        }
        put(&out, &c, 1);
      } else {
        put(&out, p + j, 1);
      }
    }
    return out.p;
  }
  return NULL;
}

int json_true(const unsigned char *p, size_t len, const char *key) {
  char want[64];
  snprintf(want, sizeof want, "\"%s\":true", key);
  return memmem(p, len, want, strlen(want)) != NULL;
}
