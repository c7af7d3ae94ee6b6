/* This client's terminal: raw mode and the hub's modes in and out, its size, and the claim that
 * lets the server read and write it itself. */
#ifndef BOTSTER_TERMINAL_H
#define BOTSTER_TERMINAL_H
#include "buf.h"

/* Notes the terminal's modes as they are (to be restored); -1 when it has none. */
int save_terminal(void);
void enter_terminal(void);
void leave_terminal(void);
/* The terminal's size; 0 (and 80x24) when it does not say. */
int size_of(int *cols, int *rows);
/* Adds the HELLO's "tty" claim to JSON; 0 when there is none (keys and frames go through the socket). */
int tty_claim(buf_t *json);

#endif
