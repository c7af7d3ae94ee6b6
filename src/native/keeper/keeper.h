/* What the keeper's files share: its limits, the agent's state (agent.c), the ring of its output
 * (ring.c), the server's connection (conn.c), connections refused (refused.c) and who may connect
 * (peer.c). keeper.c starts it all and runs the loop. */
#ifndef BOTSTER_KEEPER_H
#define BOTSTER_KEEPER_H
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#define CHUNK 65536u
/* An OUTPUT message's most, and the socket's send buffer: what is in flight to a server that
 * stopped reading (the hub holds a flooding agent while you type to another) stays as small as a
 * PTY's own buffer, so the flood waits in the ring, not in the socket, and the echo goes first.
 * And a server reads what the socket holds in one go: 4 KiB (a PTY read's most) keeps each of its
 * reads as short as a PTY's, so a key it gets meanwhile does not wait behind 32 KiB of a flood
 * (16 KiB here put the echo with two agents flooding ~3 ms behind the same build without keepers). */
#define FRAME 4096u
#define SNDBUF 4096
#define MAX_INQ (1u << 20)
#define LINGER_MS (15LL * 60 * 1000)
/* After the exit was sent: how long the server has to close its end. */
#define EXIT_WAIT_MS 5000
/* Connections refused, held until the peer closes (refused.c): at most REFUSED, each REFUSED_MS. */
#define REFUSED 8
#define REFUSED_MS 1000

/* The socket's path (--socket). */
extern const char *sock_path;

static inline long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
static inline void be16(unsigned char *p, unsigned v) { p[0] = v >> 8, p[1] = v; }
static inline void be32(unsigned char *p, uint32_t v) { p[0] = v >> 24, p[1] = v >> 16, p[2] = v >> 8, p[3] = v; }
static inline unsigned rd16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static inline uint32_t rd32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* ---- the agent and its terminal (agent.c) ---- */
extern int master, sigfd;
extern pid_t child;
extern int child_done, master_eof, exit_code, exit_signal, hung_up;
extern long long child_done_at, hangup_at;
extern unsigned short cols, rows;
/* The master the starting server opened (--master-fd), or -1: this keeper opened its own. */
extern int master_arg;
/* Starts the agent on a new terminal; its pid, or -1 with `why` said. */
pid_t start_agent(char **argv, const char *cwd, char *why, size_t whylen);
/* Reaps every child that ended (SIGCHLD on sigfd); the agent's exit is noted. */
void reap(void);
/* Closes the master (the kernel hangs up the agent's session) and SIGHUPs the agent's group. */
void hang_up(void);
/* Writes the keys waiting in inq to the master, as far as it takes them now. */
void write_input(void);

/* ---- the ring: the agent's output, for the server (ring.c) ---- */
extern unsigned char *ring;
extern uint64_t cap, total, sent, acked;
extern int fbusy; /* an OUTPUT frame is part written */
/* Bytes of the ring that may be read into now (0: the agent is held). */
size_t room(void);
void read_master(void);
/* Writes what it can to the server; returns -1 when the connection broke. */
int flush_client(void);

/* ---- the server's connection (conn.c) ---- */
typedef struct {
  unsigned char *p;
  size_t len, cap, off;
} buf_t;
extern buf_t inb, outq, inq;
extern int lsock, client, active, exit_queued, exit_sent;
extern long long exit_sent_at, connected_at;
void put(buf_t *b, const void *data, size_t n);
void drop(buf_t *b, size_t n);
/* One message of TYPE onto outq. */
void queue(int type, const void *payload, size_t n);
void drop_client(void);
/* Closes the connection, telling it why. */
void fail_client(const char *why);
/* Reads what the server sent; returns what read() did (> 0: bytes, 0: it closed, < 0: none now). */
ssize_t read_client(void);
void accept_client(void);
/* The keeper's socket, listening (mode 0600); -1 with `why` said. */
int listen_on(const char *path, char *why, size_t whylen);

/* ---- connections refused (refused.c) ---- */
extern int refused_fd[REFUSED];
extern long long refused_at[REFUSED];
/* Tells a connection why it is closed, as far as its socket takes it now, and closes it. */
void refuse(int fd, const char *why);
/* Tells a new connection why it is refused and holds it until its peer closes. */
void refuse_new(int fd, const char *why);
void drain_refused(int i, long long now);

/* ---- who may connect (peer.c) ---- */
/* Notes the folder of the socket, for peer_refusal; 0 with `why` said when it cannot. */
int home_folder(char *why, size_t whylen);
/* Why the peer of `fd` may not be served (into `why`); 0 when it may. */
int peer_refusal(int fd, char *why, size_t n);

#endif
