/* SPDX-License-Identifier: ISC */
/*
 * null-fcgi.c - the ceiling for a FastCGI responder behind nginx: it reads
 * nothing of a request but its record headers and answers every request
 * with the same bytes (argv[1], a CGI answer: statuscgi's own /404), with
 * only the system calls no responder can do without (accept, a read, a
 * send, a close without kept-alive connections, epoll_wait). One process,
 * one thread, one epoll loop on the listening socket it is given as fd 0
 * (spawn-fcgi): on two CPUs that beat one process per CPU with a
 * connection each and matched it with kept-alive connections. What nginx
 * reaches through it is the most any responder could reach on the same
 * machine (make bench's "ceiling" rows). Not part of statuscgi.
 */
#define _GNU_SOURCE		/* accept4() */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define ANSWER_MAX	16384
#define IN_MAX		65536	/* a larger request closes the connection */

struct conn {
	int		 fd;
	int		 keep;		/* FCGI_KEEP_CONN of the request begun */
	size_t		 have;
	unsigned char	 in[IN_MAX];
};

static unsigned char	 out[8 + ANSWER_MAX + 8 + 16];
static size_t		 out_len;

/* FastCGI 1.0 §3.3: a record header of type, id and content length n. */
static void
header(unsigned char *h, int type, size_t n)
{
	h[0] = 1;
	h[1] = (unsigned char)type;
	h[2] = h[3] = 0;
	h[4] = (unsigned char)(n >> 8);
	h[5] = (unsigned char)n;
	h[6] = h[7] = 0;
}

/* Reads the answer from path into out, framed. Returns 0, or -1. */
static int
load(const char *path)
{
	FILE	*f = fopen(path, "rb");
	size_t	 n;

	if (f == NULL)
		return -1;
	n = fread(out + 8, 1, ANSWER_MAX, f);
	fclose(f);
	if (n == 0 || n == ANSWER_MAX)
		return -1;
	header(out, 6, n);			/* FCGI_STDOUT */
	header(out + 8 + n, 6, 0);		/* its end */
	header(out + 16 + n, 3, 8);		/* FCGI_END_REQUEST */
	memset(out + 24 + n, 0, 8);		/* app status 0, complete */
	out_len = 32 + n;
	return 0;
}

/* Answers request id on c. Returns 0, or -1 if c must close. */
static int
answer(struct conn *c, unsigned id)
{
	size_t	 n = out_len - 32;

	out[2] = out[8 + n + 2] = out[16 + n + 2] = (unsigned char)(id >> 8);
	out[3] = out[8 + n + 3] = out[16 + n + 3] = (unsigned char)id;
	if (send(c->fd, out, out_len, MSG_NOSIGNAL) != (ssize_t)out_len)
		return -1;
	return c->keep ? 0 : -1;
}

/* Reads what c has and answers each request it ends. Returns 0, or -1
 * if c must close. */
static int
on_read(struct conn *c)
{
	ssize_t	 n;
	size_t	 at = 0, len;
	unsigned char *r;

	n = read(c->fd, c->in + c->have, IN_MAX - c->have);
	if (n <= 0)
		return (n == -1 && errno == EAGAIN) ? 0 : -1;
	c->have += (size_t)n;
	while (c->have - at >= 8) {
		r = c->in + at;
		len = 8 + ((size_t)r[4] << 8 | r[5]) + r[6];
		if (c->have - at < len)
			break;
		if (r[1] == 1 && len >= 16)		/* FCGI_BEGIN_REQUEST */
			c->keep = r[10] & 1;
		else if (r[1] == 5 && r[4] == 0 && r[5] == 0 &&
		    answer(c, (unsigned)r[2] << 8 | r[3]) == -1)
			return -1;			/* FCGI_STDIN's end */
		at += len;
	}
	if (at == 0 && c->have == IN_MAX)
		return -1;
	memmove(c->in, c->in + at, c->have - at);
	c->have -= at;
	return 0;
}

/* Accepts on lfd and answers what comes, until epoll fails: returns then. */
static void
serve(int lfd)
{
	struct epoll_event ev, evs[64];
	struct conn	*c;
	int		 ep, n, i, fd;

	if ((ep = epoll_create1(0)) == -1)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN;
	ev.data.ptr = NULL;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) == -1)
		return;
	for (;;) {
		if ((n = epoll_wait(ep, evs, 64, -1)) == -1 && errno != EINTR)
			return;
		for (i = 0; i < n; i++) {
			if ((c = evs[i].data.ptr) == NULL) {
				while ((fd = accept4(lfd, NULL, NULL,
				    SOCK_NONBLOCK)) != -1) {
					if ((c = calloc(1, sizeof(*c))) ==
					    NULL) {
						close(fd);
						continue;
					}
					/* Its request is usually there: a
					 * connection each closes here. */
					c->fd = fd;
					ev.events = EPOLLIN;
					ev.data.ptr = c;
					if (on_read(c) == -1 || epoll_ctl(ep,
					    EPOLL_CTL_ADD, fd, &ev) == -1) {
						close(fd);
						free(c);
					}
				}
				continue;
			}
			if (on_read(c) == -1) {
				close(c->fd);		/* leaves the set */
				free(c);
			}
		}
	}
}

int
main(int argc, char *argv[])
{
	if (argc != 2 || load(argv[1]) == -1) {
		fprintf(stderr, "usage: null-fcgi ANSWER-FILE (a CGI answer "
		    "under 16 KiB), the listening socket on fd 0\n");
		return 2;
	}
	if (fcntl(0, F_SETFL, O_NONBLOCK) == -1)
		return 1;
	serve(0);
	return 1;
}
