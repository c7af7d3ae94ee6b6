/* The attach protocol's messages (src/wire/protocol.ts) as this client writes and reads them. */
#ifndef BOTSTER_MESSAGES_H
#define BOTSTER_MESSAGES_H
#include <stddef.h>

/* One message of TYPE to the server (nothing once the socket is closed). */
void send_msg(int type, const void *payload, size_t len);
/* A RESIZE with the terminal's size now. */
void send_size(void);
/* A string field of a JSON object payload, to be freed; NULL when it has none. */
char *json_field(const unsigned char *p, size_t len, const char *key);
/* Whether the payload says KEY is true. */
int json_true(const unsigned char *p, size_t len, const char *key);

#endif
