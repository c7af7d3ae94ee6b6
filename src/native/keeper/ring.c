/* The ring: the agent's recent output, read from the master under back-pressure (bytes no server
 * has got are never overwritten: the agent waits instead), and written to the connected server as
 * OUTPUT frames, then its exit (keeper.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "keeper.h"
#include "wire.h"

unsigned char *ring;
uint64_t cap, total, sent, acked;
/* The output frame being written: its header, then ring bytes [fstart, fstart + flen). */
static unsigned char fhdr[5];
static size_t fhdr_off;
static uint64_t fstart, flen, foff;
int fbusy;

/* Bytes of the ring that may be read into now: never over what no server has got yet. With a
 * server there, no more than WINDOW ahead of what it took: a server that stops reading (it holds a
 * flooding agent while you type to another) stops the agent at once, as a paused PTY does, so the
 * flood does not go on eating the CPU the echo needs (16 KiB: as much as a paused PTY reads on;
 * 64 KiB cost the echo, and the 50 MB flood went no faster). */
#define WINDOW 16384u
size_t room(void) {
  uint64_t pending = total - acked;
  if (pending >= cap || (active && pending >= WINDOW)) return 0;
  size_t at = total % cap, n = cap - at;
  if (n > cap - pending) n = cap - pending;
  return n > CHUNK ? CHUNK : n;
}

void read_master(void) {
  size_t n = room();
  if (!n || master < 0 || master_eof) return;
  ssize_t r = read(master, ring + total % cap, n);
  if (r > 0) {
    total += r;
    if (!active) return;
  } else if (r == 0 || (r < 0 && errno == EIO)) {
    master_eof = 1; /* the slave is closed: every holder of the terminal is gone */
  }
}

int flush_client(void) {
  for (;;) {
    if (fbusy) {
      struct iovec iov[3];
      int k = 0;
      if (fhdr_off < 5) iov[k++] = (struct iovec){fhdr + fhdr_off, 5 - fhdr_off};
      uint64_t from = fstart + foff, left = flen - foff;
      size_t at = from % cap, first = cap - at < left ? cap - at : left;
      iov[k++] = (struct iovec){ring + at, first};
      if (left > first) iov[k++] = (struct iovec){ring, left - first};
      ssize_t w = writev(client, iov, k);
      if (w < 0) return errno == EAGAIN || errno == EINTR ? 0 : -1;
      if (fhdr_off < 5) {
        size_t h = (size_t)w < 5 - fhdr_off ? (size_t)w : 5 - fhdr_off;
        fhdr_off += h;
        w -= h;
      }
      foff += w;
      if (fstart + foff > acked) acked = fstart + foff;
      if (foff < flen) return 0;
      fbusy = 0;
      continue;
    }
    if (outq.len) {
      ssize_t w = write(client, outq.p, outq.len);
      if (w < 0) return errno == EAGAIN || errno == EINTR ? 0 : -1;
      drop(&outq, w);
      if (outq.len) return 0;
      continue;
    }
    if (!active) return 0;
    if (sent < total) {
      fstart = sent;
      flen = total - sent > FRAME ? FRAME : total - sent;
      foff = 0;
      fhdr_off = 0;
      be32(fhdr, (uint32_t)flen + 1);
      fhdr[4] = KMSG_OUTPUT;
      sent += flen;
      fbusy = 1;
      continue;
    }
    if (child_done && master_eof && !exit_queued) {
      unsigned char p[8];
      be32(p, (uint32_t)exit_code);
      be32(p + 4, (uint32_t)exit_signal);
      queue(KMSG_EXITED, p, 8);
      exit_queued = 1;
      continue;
    }
    if (exit_queued && !exit_sent) {
      /* A server has the agent's last byte and its exit: nothing is left to keep once it closes
       * its end. Closing ours first would fail its next write (a META, a resize on its way), and
       * the failed write would throw away what it had not read yet: the output and the exit. */
      shutdown(client, SHUT_WR);
      exit_sent = 1;
      exit_sent_at = now_ms();
    }
    return 0;
  }
}
