/* SPDX-License-Identifier: ISC */
/*
 * fcgi_wire.h - the FastCGI wire (FastCGI 1.0; the record types and
 * lengths of libfcgi's fastcgi.h) where a worker meets it beside libfcgi:
 * a request read ahead and checked (fcgi_check.h) handed to libfcgi
 * without its params, which are indexed here in place; every later read
 * libfcgi makes of the connection checked too; its stdin; and a large
 * answer written in FCGI_STDOUT records of our own. Everything here runs
 * in the loop thread that owns the connection, on that connection's and
 * that thread's memory alone.
 */
#ifndef STATUSCGI_FCGI_WIRE_H
#define STATUSCGI_FCGI_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include <fastcgi.h>
#include <fcgiapp.h>

#include "fastcgi/fcgi_check.h"

#define NAME_LENS	64	/* index lists: one per name length, longer
				   names share the last */
/* A stdout record's content: the most one can carry (FCGI_MAX_LENGTH),
 * down to a multiple of 8 so that it needs no padding (64 KiB - 8). */
#define RECORD_MAX	(FCGI_MAX_LENGTH & ~7)
/* The records libfcgi must still see from inside a params stream. */
#define ASIDE_MAX	(OTHERS_MAX * (FCGI_HEADER_LEN + MGMT_MAX))

/*
 * What libfcgi reads first on fd in this thread, in order: the request's
 * records up to its begin record's end, the management records and other
 * requests' begins that came inside its params (copied aside), an empty
 * params record in place of the params, and what followed the params.
 * After that libfcgi reads fd itself, each read checked by check.
 */
struct feed {
	int			 fd;
	struct wire_check	*check;
	const unsigned char	*seg[4];
	size_t			 len[4];
	unsigned		 k;		/* the segment being read */
	size_t			 at;		/* bytes of it read */
	unsigned char		 empty[FCGI_HEADER_LEN];
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
 * The params of one request, decoded in place in the bytes read ahead
 * (each name followed by its value and a NUL) and indexed by the length
 * of their names: the program asks for a few dozen names, and a name's
 * length takes no hashing, and few params share one. Built by the thread
 * serving the request; valid while those bytes are kept (until the
 * answer is rendered).
 */
struct params_index {
	FCGX_Request	*req;		/* for its stdin */
	unsigned	 count;
	short		 head[NAME_LENS];	/* first param of a length */
	short		 next[FCGI_PAIRS_MAX];	/* next of its length, or -1 */
	uint32_t	 len[FCGI_PAIRS_MAX];	/* its name's length */
	const char	*entry[FCGI_PAIRS_MAX];	/* its name, value, NUL */
};

/*
 * Decodes the params stream that check found in the n bytes at b (a
 * request read ahead whose params are whole) into x, in place: b's bytes
 * between the begin record and the params' end are overwritten. Call
 * wire_feed_make() first. Never fails (check has vouched for the bytes).
 */
void	wire_params_index(struct params_index *x, FCGX_Request *req,
	    unsigned char *b, const struct wire_check *check);

/*
 * Makes f the feed of a request read ahead: the n bytes at b, checked by
 * check (its params whole), on fd; the records inside its params that
 * libfcgi must still answer are copied to aside (ASIDE_MAX bytes). Never
 * fails.
 */
void	wire_feed_make(struct feed *f, int fd, struct wire_check *check,
	    const unsigned char *b, size_t n, unsigned char *aside);

/*
 * Makes f what libfcgi reads first on f->fd in this thread (NULL: nothing,
 * libfcgi reads its sockets as usual, unchecked). Never fails.
 */
void	wire_feed(struct feed *f);

/*
 * Whether libfcgi's reads of a connection reach this file's OS_Read
 * (linked in, the link wraps it; shared, ours interposes on its own,
 * unless that libfcgi binds its calls to itself). Run once at a worker's
 * start, before the sandbox. Returns 0 if they do, -1 if not (no request
 * could then be checked).
 */
int	wire_probe(void);

/*
 * An input's get over the params index ctx (struct params_index): the
 * value of the first param called name, or NULL when there is none.
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
