/* SPDX-License-Identifier: ISC */
/*
 * fcgi_check.h - every byte a web server sends a FastCGI worker, checked
 * against the FastCGI 1.0 specification (and a few bounds of ours) before
 * libfcgi sees it: a record stream is fed in pieces of any size and the
 * checker says, after each, whether the request is still going, has its
 * params, has ended, or broke a rule (named, with the section).
 *
 * A struct wire_check belongs to one connection and is touched only by
 * the loop thread that owns it (fcgi_serve.c, and the reads it makes
 * libfcgi do through fcgi_wire.c). The log of refused connections
 * (check_refused()) is shared by every worker process.
 */
#ifndef STATUSCGI_FCGI_CHECK_H
#define STATUSCGI_FCGI_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include <fastcgi.h>

/* Bounds of ours: a web server's request fits in them by far. */
#define FCGI_PARAMS_MAX	(64 * 1024 + 4096)	/* wire bytes of one params
					   stream: nginx's most, 64 KiB,
					   and its records' headers */
#define FCGI_PAIRS_MAX	1024	/* name-value pairs in it */
#define STDIN_MAX	(32 * 1024 * 1024)	/* wire bytes of stdin */
#define OTHERS_MAX	16	/* management and other requests' records
				   met while one request is read */
#define MGMT_MAX	512	/* a management record's content */
/* The bytes read ahead must hold a request's begin and params whole:
 * FCGI_PARAMS_MAX of records, and the records that may come with them. */
#define WINDOW_MAX	(FCGI_PARAMS_MAX + 8 * 1024 + \
	OTHERS_MAX * (FCGI_HEADER_LEN + MGMT_MAX + 255))

enum check_phase {
	CHECK_BEGIN,	/* no request begun */
	CHECK_PARAMS,	/* the active request's params stream */
	CHECK_STDIN,	/* its stdin (and data) */
	CHECK_DONE,	/* its empty stdin record came: nothing after it is
			   the request's (libfcgi never reads on) */
	CHECK_BROKEN	/* a rule broken: rule says which */
};

/* A record inside the params stream that libfcgi must still see: a
 * management record or another request's begin (where it is, in bytes
 * from the request's first). */
struct check_aside {
	size_t		 at, len;	/* header and content, no padding */
};

struct wire_check {
	enum check_phase phase;
	uint64_t	 at;		/* bytes checked since the request's
					   first */
	unsigned char	 hdr[FCGI_HEADER_LEN];	/* a header being read */
	unsigned	 hn;		/* bytes of hdr so far */
	int		 in_body;	/* past a header: content, padding */
	unsigned	 type, id;	/* the record being read */
	size_t		 content_left, pad_left;
	unsigned	 active, role;	/* the request begun, and its role */
	int		 keep;		/* it asked for FCGI_KEEP_CONN */
	/* the params pair being read: its length bytes, then the rest */
	unsigned char	 lb[8];
	unsigned	 ln;
	uint64_t	 pair_left;
	uint64_t	 params, stdin_bytes;	/* wire bytes so far */
	uint64_t	 pair_bytes;	/* names and values so far */
	unsigned	 pairs, others;
	/* a management record's content, checked when whole */
	unsigned char	 mgmt[MGMT_MAX];
	size_t		 mn;
	/* what the feed needs (fcgi_wire.c), in bytes from the first */
	size_t		 begin_end;	/* end of the begin record */
	size_t		 params_end;	/* end of the empty params record */
	struct check_aside aside[OTHERS_MAX];
	unsigned	 naside;
	const char	*rule;		/* CHECK_BROKEN: which, or NULL for
					   an abort (close without a word) */
	char		 why[192];	/* a rule with its numbers */
};

/*
 * Reads a name-value pair's two lengths from the n bytes at b (FastCGI 1.0
 * §3.4: each one byte, high bit 0, or four, high bit 1, 31 bits). Returns
 * how many bytes they take (2 to 8), or 0 if the n bytes do not hold them.
 * Inline: it runs for every param of every request, twice.
 */
static inline unsigned
check_pair_lens(const unsigned char *b, size_t n, uint32_t *nl, uint32_t *vl)
{
	unsigned	 a, v;

	if (n < 2)
		return 0;
	a = b[0] & 0x80 ? 4 : 1;
	if (n < a + 1)
		return 0;
	v = b[a] & 0x80 ? 4 : 1;
	if (n < a + v)
		return 0;
	*nl = a == 1 ? b[0] : (uint32_t)(b[0] & 0x7f) << 24 |
	    (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	*vl = v == 1 ? b[a] : (uint32_t)(b[a] & 0x7f) << 24 |
	    (uint32_t)b[a + 1] << 16 | (uint32_t)b[a + 2] << 8 | b[a + 3];
	return a + v;
}

/* Makes st ready for a connection's next request. Never fails. */
void	check_reset(struct wire_check *st);

/*
 * Checks the n bytes at b, the ones that follow what st has seen of the
 * request. Stops at the request's end (CHECK_DONE: later bytes are not
 * its own) or at the first rule broken. Returns the phase reached:
 * CHECK_BROKEN on a rule broken (st->rule names it).
 */
enum check_phase check_bytes(struct wire_check *st, const unsigned char *b,
	    size_t n);

/*
 * Logs on stderr, in one line, that a connection was closed for st's
 * rule: at most one line a second for all the worker processes, with the
 * count of those left unsaid since. Nothing for an abort. Never fails.
 */
void	check_refused(const struct wire_check *st);

/*
 * Maps the memory check_refused() shares between the worker processes;
 * called once before they are forked. Without it (or if the mapping
 * fails) each process keeps its own. Never fails.
 */
void	check_log_init(void);

#endif
