/* SPDX-License-Identifier: ISC */
/*
 * fcgi_wire.h - the FastCGI wire (FastCGI 1.0; the record types and
 * lengths of libfcgi's fastcgi.h) where a worker meets it beside libfcgi:
 * whether the bytes read ahead on a connection hold a whole request; those
 * bytes handed to libfcgi instead of read again; a request's params,
 * indexed; its stdin; and a large answer written in FCGI_STDOUT records of
 * our own. Everything here runs in the loop thread that owns the
 * connection, on that connection's and that thread's memory alone.
 */
#ifndef STATUSCGI_FCGI_WIRE_H
#define STATUSCGI_FCGI_WIRE_H

#include <stddef.h>
#include <sys/socket.h>

#include <fastcgi.h>
#include <fcgiapp.h>

#define PEEK_MAX	16384	/* bytes read ahead for a whole request */
#define INDEX_MAX	128	/* params indexed; more are scanned */
#define NAME_LENS	64	/* index lists: one per name length, longer
				   names share the last */
/* A stdout record's content: the most one can carry (FCGI_MAX_LENGTH),
 * down to a multiple of 8 so that it needs no padding (64 KiB - 8). */
#define RECORD_MAX	(FCGI_MAX_LENGTH & ~7)

/*
 * How a loop thread looks at what a connection has, without waiting.
 * Where libfcgi is linked in (FEED_LIBFCGI: the static and sanitizer
 * builds) it takes the bytes, and libfcgi is fed them (wire_feed()); with
 * a shared libfcgi it only peeks, and libfcgi reads them itself.
 */
#ifdef FEED_LIBFCGI
#define LOOK_FLAGS	MSG_DONTWAIT
#else
#define LOOK_FLAGS	(MSG_DONTWAIT | MSG_PEEK)
#endif

/*
 * Bytes of a request read ahead, which libfcgi is given before it reads
 * fd itself: [at, end) of p are still its.
 */
struct feed {
	int			 fd;
	const unsigned char	*p;
	size_t			 at, end;
};

/*
 * A large answer written straight to the connection in FCGI_STDOUT
 * records of our own, without waiting: how much of the record begun last
 * is still owed (its header, then its content).
 */
struct direct {
	int		 on;		/* this answer goes direct from now on */
	FCGI_Header	 hdr;
	size_t		 hdr_left;	/* bytes of hdr not yet written */
	size_t		 rec_left;	/* content bytes the record still owes */
};

/*
 * The params of one request, indexed by the length of their names: the
 * program asks for a few dozen names, and FCGX_GetParam() would compare
 * each with every param; a name's length takes no hashing, and few params
 * share one. Built on the first lookup by the thread serving the request;
 * valid until FCGX_Finish_r().
 */
struct params_index {
	FCGX_Request	*req;
	int		 built;		/* 1: indexed, -1: too many, scan */
	short		 head[NAME_LENS];	/* first param of a length */
	short		 next[INDEX_MAX];	/* next of its length, or -1 */
	size_t		 len[INDEX_MAX];
	const char	*entry[INDEX_MAX];
};

/* Makes x the (empty) index of req's params, built on its first lookup. */
static inline void
wire_params_init(struct params_index *x, FCGX_Request *req)
{
	x->req = req;
	x->built = 0;
}

/*
 * Whether libfcgi may be handed the n bytes at b: they hold a request up
 * to its end as libfcgi reads it (or libfcgi stops before any end, or n
 * is PEEK_MAX: see fcgi_wire.c). Returns 1 then, 0 if the request goes on.
 */
int	wire_request_whole(const unsigned char *b, size_t n);

/*
 * Makes f what libfcgi reads first on f->fd in this thread (NULL: nothing,
 * libfcgi reads its sockets as usual). Without FEED_LIBFCGI it is never
 * read. Never fails.
 */
void	wire_feed(struct feed *f);

/*
 * An input's get over the params index ctx (struct params_index): the
 * value of the first param called name, as libfcgi would find it, or
 * NULL when there is none.
 */
const char *wire_param_get(void *ctx, const char *name);

/*
 * An input's read over the stdin of ctx's request (struct params_index):
 * up to n bytes into buf. Returns how many, 0 at its end, -1 on an error.
 */
long	wire_stdin_read(void *ctx, char *buf, size_t n);

/*
 * Reads what is left of r's stdin and drops it, so that a kept connection
 * holds nothing of it when the next request comes, and so that the peer,
 * which may send the whole body before it reads the answer (cgi-fcgi
 * does), gets the answer rather than a broken pipe. Reads at most
 * STDIN_DRAIN_MAX bytes (the slow-request deadline bounds the time).
 * Returns 0 at its end, or -1 after an error or past that bound (the
 * caller then closes the connection).
 */
#define STDIN_DRAIN_MAX	(16 * 1024 * 1024)
int	wire_stdin_drain(FCGX_Request *r);

/*
 * Writes what it can of n bytes to fd as FCGI_STDOUT records of request
 * id without waiting (d keeps what a record begun still owes). Returns
 * how many of the n bytes went, fewer when the peer's buffer is full, or
 * -1 if the connection failed.
 */
long	wire_write_records(struct direct *d, int fd, int id, const char *data,
	    size_t n);

#endif
