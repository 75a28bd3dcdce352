/* SPDX-License-Identifier: ISC */
/*
 * fcgi_check.c - the rules every record a web server sends must keep
 * before libfcgi reads it (FastCGI 1.0, the specification Debian ships
 * with libfcgi-dev), and the one log line a refused connection gets.
 * Runs in a FastCGI worker process, in the loop thread that owns the
 * connection being checked: it touches that connection's struct
 * wire_check alone, and the log's gate, shared by every worker process
 * (atomics only).
 *
 * Why: libfcgi trusts the lengths it reads. A params pair whose lengths
 * add up past 2^31 makes it assert (Debian 12's fix of CVE-2025-23016
 * turns an overflow into that abort); an FCGI_GET_VALUES record naming a
 * variable again and again overruns its 64-byte answer on the stack;
 * params it keeps without bound exhaust memory; a management record's
 * content is delivered to the request as if it were stdin. Each would
 * cost the worker and every request it holds. Checked here first, each
 * costs its own connection only.
 *
 * The rules (FastCGI 1.0):
 * - every record's version is FCGI_VERSION_1 (§3.3, §8);
 * - a management record (request id 0, §3.3, §4) may come at any time,
 *   and the one a web server sends is FCGI_GET_VALUES (§4.1), whose
 *   content is whole name-value pairs with empty values, each variable
 *   libfcgi knows named at most once (its answer has room for each once);
 *   libfcgi leaks memory answering any other type, so none is taken;
 * - a begin record's body is 8 bytes (§5.1), with no padding (libfcgi
 *   would read it as records), and its role one of the three (§6);
 * - one request at a time per connection, as libfcgi announces
 *   (FCGI_MPXS_CONNS 0, §4.1): the first begin record makes its id the
 *   active one; another request's begin is answered FCGI_CANT_MPX_CONN
 *   (by libfcgi), and other records of other ids, which §3.3 says to
 *   ignore, are refused, because libfcgi skips them wrongly (an empty one
 *   makes it drop the content of the record after it);
 * - the active request's records come in the order of §6.2: params until
 *   an empty params record, then stdin (and data, §6.4) until an empty
 *   stdin record; a second begin, or a record type a web server never
 *   sends (§3.3, §8: end-request, stdout, stderr ...) is refused; an abort
 *   (§5.4) ends the connection without a word;
 * - the params stream is name-value pairs whose lengths take one byte
 *   (high bit 0) or four (high bit 1, 31 bits) (§3.4), and it ends on a
 *   pair's end (§5.2: a stream is the content of its records, however
 *   they split it).
 * And bounds of ours (fcgi_check.h): the params stream's bytes and pairs,
 * stdin's bytes, a management record's content, and the records of other
 * ids and management ones met while one request is read.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fastcgi/clock.h"
#include "fastcgi/fcgi_check.h"

#define LOG_EVERY_MS	1000	/* one line a second, for all workers */

/* When the next line may be written, and the lines left unsaid since. */
struct log_gate {
	_Atomic uint64_t next_ms;
	atomic_uint	 unsaid;
};

static struct log_gate own_gate, *gate = &own_gate;

void
check_log_init(void)
{
	void	*m = mmap(NULL, sizeof(struct log_gate), PROT_READ |
	    PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (m != MAP_FAILED)
		gate = m;		/* zeroed, as own_gate is */
}

void
check_refused(const struct wire_check *st)
{
	uint64_t	 now = clock_ms(), next = atomic_load(&gate->next_ms);
	char		 line[256];
	unsigned	 more;
	int		 k;

	if (st->rule == NULL)
		return;
	if (now < next || !atomic_compare_exchange_strong(&gate->next_ms,
	    &next, now + LOG_EVERY_MS)) {
		atomic_fetch_add(&gate->unsaid, 1);
		return;
	}
	more = atomic_exchange(&gate->unsaid, 0);
	if (more > 0)
		k = snprintf(line, sizeof(line), "status.cgi: closed a FastCGI "
		    "connection: %s (and %u more since the last such line)\n",
		    st->rule, more);
	else
		k = snprintf(line, sizeof(line), "status.cgi: closed a FastCGI "
		    "connection: %s\n", st->rule);
	if (k > 0 && write(STDERR_FILENO, line, (size_t)k < sizeof(line) ?
	    (size_t)k : sizeof(line) - 1) == -1)
		(void)0;		/* nowhere to say it */
}

void
check_reset(struct wire_check *st)
{
	memset(st, 0, offsetof(struct wire_check, mgmt));
	st->mn = 0;
	st->naside = 0;
	st->rule = NULL;
	st->begin_end = st->params_end = 0;
}

/*
 * Marks st broken by the rule fmt says. Returns -1, for the caller to
 * return in turn.
 */
static int broke(struct wire_check *st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
broke(struct wire_check *st, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(st->why, sizeof(st->why), fmt, ap);
	va_end(ap);
	st->rule = st->why;
	st->phase = CHECK_BROKEN;
	return -1;
}

/*
 * Checks an FCGI_GET_VALUES record's content, whole in st->mgmt (FastCGI
 * 1.0 §4.1). Returns 0, or -1 with the rule broken.
 */
static int
get_values_ok(struct wire_check *st)
{
	static const char *const known[] = { FCGI_MAX_CONNS, FCGI_MAX_REQS,
	    FCGI_MPXS_CONNS };
	uint32_t	 nl, vl;
	size_t		 i = 0, k, j;
	unsigned	 seen = 0;

	while (i < st->mn) {
		if ((k = check_pair_lens(st->mgmt + i, st->mn - i, &nl, &vl)) == 0 ||
		    nl > st->mn - i - k || vl > st->mn - i - k - nl)
			return broke(st, "an FCGI_GET_VALUES pair runs past its "
			    "record (FastCGI 1.0 §4.1, §3.4)");
		if (vl != 0)
			return broke(st, "an FCGI_GET_VALUES name carries a "
			    "value (FastCGI 1.0 §4.1)");
		i += k;
		for (j = 0; j < sizeof(known) / sizeof(known[0]); j++)
			if (strlen(known[j]) == nl &&
			    memcmp(st->mgmt + i, known[j], nl) == 0) {
				if (seen & 1u << j)
					return broke(st, "FCGI_GET_VALUES asks "
					    "for %s twice (libfcgi answers "
					    "each once, FastCGI 1.0 §4.1)",
					    known[j]);
				seen |= 1u << j;
			}
		i += nl;
	}
	return 0;
}

/*
 * Counts a record that is not the active request's, within OTHERS_MAX.
 * Returns 0, or -1 with the rule broken.
 */
static int
other(struct wire_check *st)
{
	if (++st->others > OTHERS_MAX)
		return broke(st, "more than %d management or other requests' "
		    "records came with one request (ours)", OTHERS_MAX);
	return 0;
}

/*
 * A record's header is whole in st->hdr: checks it, and sets st up to
 * read its content and padding. Returns 0, or -1 with the rule broken.
 */
static int
on_header(struct wire_check *st)
{
	const unsigned char *h = st->hdr;
	size_t		 len = (size_t)h[4] << 8 | h[5];

	if (h[0] != FCGI_VERSION_1)
		return broke(st, "version %u is not FCGI_VERSION_1 (FastCGI "
		    "1.0 §3.3)", h[0]);
	st->type = h[1];
	st->id = (unsigned)h[2] << 8 | h[3];
	st->content_left = len;
	st->pad_left = h[6];
	st->in_body = 1;
	st->mn = 0;
	if (st->id == FCGI_NULL_REQUEST_ID) {
		if (st->type != FCGI_GET_VALUES)
			return broke(st, "a management record of type %u: a web "
			    "server sends only FCGI_GET_VALUES (FastCGI 1.0 "
			    "§4.1; libfcgi leaks memory answering others)",
			    st->type);
		if (len > MGMT_MAX)
			return broke(st, "an FCGI_GET_VALUES record of %zu "
			    "bytes (ours: at most %d)", len, MGMT_MAX);
		return other(st);
	}
	if (st->type == FCGI_BEGIN_REQUEST) {
		if (len != sizeof(FCGI_BeginRequestBody))
			return broke(st, "a begin record's body of %zu bytes, "
			    "not 8 (FastCGI 1.0 §5.1)", len);
		if (st->pad_left != 0)
			return broke(st, "a begin record with padding (ours: "
			    "libfcgi reads the padding as records)");
		if (st->phase == CHECK_BEGIN) {
			st->active = st->id;
			return 0;
		}
	}
	if (st->phase == CHECK_BEGIN || st->id != st->active) {
		/* Another request's begin: libfcgi answers it
		 * FCGI_CANT_MPX_CONN. Its other records the specification
		 * says to ignore (§3.3), but libfcgi skips them wrongly (an
		 * empty one makes it drop the content of the next). */
		if (st->type != FCGI_BEGIN_REQUEST)
			return broke(st, "a record of type %u for request %u, "
			    "not the one begun (this program takes one at a "
			    "time, FastCGI 1.0 §3.3, §4.1)", st->type, st->id);
		return other(st);
	}
	switch (st->type) {
	case FCGI_BEGIN_REQUEST:
		return broke(st, "a second begin record for request %u "
		    "(FastCGI 1.0 §3.3)", st->id);
	case FCGI_ABORT_REQUEST:
		st->phase = CHECK_BROKEN;	/* the server gave it up */
		st->rule = NULL;
		return -1;
	case FCGI_PARAMS:
		if (st->phase != CHECK_PARAMS)
			return broke(st, "params after the params stream ended "
			    "(FastCGI 1.0 §5.2)");
		st->params += FCGI_HEADER_LEN + len + st->pad_left;
		if (st->params > FCGI_PARAMS_MAX)
			return broke(st, "a params stream longer than %d bytes "
			    "(ours)", FCGI_PARAMS_MAX);
		return 0;
	case FCGI_STDIN:
	case FCGI_DATA:
		if (st->phase != CHECK_STDIN)
			return broke(st, "stdin before the params stream ended "
			    "(FastCGI 1.0 §6.2)");
		st->stdin_bytes += FCGI_HEADER_LEN + len + st->pad_left;
		if (st->stdin_bytes > STDIN_MAX)
			return broke(st, "stdin longer than %d bytes (ours)",
			    STDIN_MAX);
		return 0;
	default:
		return broke(st, "a record of type %u is not one a web server "
		    "sends (FastCGI 1.0 §3.3, §8)", st->type);
	}
}

/*
 * Takes n content bytes at p of the record being read: a pair stream of
 * the active request's params, decoded for its lengths; a management or
 * begin record's body, kept to check whole. Returns 0, or -1 with the
 * rule broken.
 */
static int
on_content(struct wire_check *st, const unsigned char *p, size_t n)
{
	uint32_t	 nl, vl;
	size_t		 k;

	if (st->id == FCGI_NULL_REQUEST_ID || st->type == FCGI_BEGIN_REQUEST) {
		/* within MGMT_MAX: on_header() saw to it */
		memcpy(st->mgmt + st->mn, p, n);
		st->mn += n;
		return 0;
	}
	if (st->type != FCGI_PARAMS || st->id != st->active)
		return 0;		/* stdin, or another id's: skipped */
	while (n > 0) {
		if (st->pair_left > 0) {
			k = st->pair_left < n ? (size_t)st->pair_left : n;
			st->pair_left -= k;
			p += k;
			n -= k;
			continue;
		}
		if (st->ln == 0 && (k = check_pair_lens(p, n, &nl, &vl)) > 0) {
			p += k;		/* both lengths in this piece */
			n -= k;
		} else {
			/* A record or a read splits the lengths: byte by
			 * byte. */
			st->lb[st->ln++] = *p++;
			n--;
			if (check_pair_lens(st->lb, st->ln, &nl, &vl) == 0)
				continue;
		}
		st->ln = 0;
		if (++st->pairs > FCGI_PAIRS_MAX)
			return broke(st, "more than %d params (ours)",
			    FCGI_PAIRS_MAX);
		if ((uint64_t)nl + vl > FCGI_PARAMS_MAX - st->pair_bytes)
			return broke(st, "a name-value pair of %lu and %lu "
			    "bytes runs past what a params stream may hold "
			    "(FastCGI 1.0 §3.4; ours: %d bytes)",
			    (unsigned long)nl, (unsigned long)vl, FCGI_PARAMS_MAX);
		st->pair_bytes += (uint64_t)nl + vl;
		st->pair_left = (uint64_t)nl + vl;
	}
	return 0;
}

/*
 * A record (its padding too) is over: ends a stream, or begins the
 * request, or checks a management record whole. rec_at is where it
 * began. Returns 0, or -1 with the rule broken.
 */
static int
on_record_end(struct wire_check *st, uint64_t rec_at)
{
	size_t		 len = (size_t)st->hdr[4] << 8 | st->hdr[5];
	int		 aside = 0;

	if (st->id == FCGI_NULL_REQUEST_ID) {
		if (st->type == FCGI_GET_VALUES && get_values_ok(st) == -1)
			return -1;
		aside = 1;		/* libfcgi answers it */
	} else if (st->type == FCGI_BEGIN_REQUEST && st->phase == CHECK_BEGIN) {
		st->role = (unsigned)st->mgmt[0] << 8 | st->mgmt[1];
		if (st->role != FCGI_RESPONDER && st->role != FCGI_AUTHORIZER &&
		    st->role != FCGI_FILTER)
			return broke(st, "role %u is none of FastCGI's three "
			    "(FastCGI 1.0 §5.1, §6)", st->role);
		st->keep = (st->mgmt[2] & FCGI_KEEP_CONN) != 0;
		st->phase = CHECK_PARAMS;
		st->begin_end = (size_t)st->at;
		return 0;
	} else if (st->type == FCGI_BEGIN_REQUEST)
		aside = 1;		/* another request: FCGI_CANT_MPX_CONN */
	else if (st->id == st->active && len == 0) {
		if (st->type == FCGI_PARAMS) {
			if (st->ln != 0 || st->pair_left != 0)
				return broke(st, "the params stream ends inside "
				    "a name-value pair (FastCGI 1.0 §3.4, "
				    "§5.2)");
			st->phase = CHECK_STDIN;
			st->params_end = (size_t)st->at;
		} else if (st->type == FCGI_STDIN)
			st->phase = CHECK_DONE;
	}
	if (aside && st->phase == CHECK_PARAMS &&
	    st->naside < OTHERS_MAX) {	/* others counted them: always */
		st->aside[st->naside].at = (size_t)rec_at;
		st->aside[st->naside++].len = FCGI_HEADER_LEN + len;
	}
	return 0;
}

enum check_phase
check_bytes(struct wire_check *st, const unsigned char *b, size_t n)
{
	size_t		 i = 0, k;
	uint64_t	 rec_at;

	while (i < n && st->phase != CHECK_DONE && st->phase != CHECK_BROKEN) {
		if (!st->in_body) {
			k = FCGI_HEADER_LEN - st->hn;
			if (k > n - i)
				k = n - i;
			memcpy(st->hdr + st->hn, b + i, k);
			st->hn += (unsigned)k;
			i += k;
			st->at += k;
			if (st->hn < FCGI_HEADER_LEN)
				break;
			if (on_header(st) == -1)
				break;
		} else if (st->content_left > 0) {
			k = st->content_left < n - i ? st->content_left : n - i;
			if (on_content(st, b + i, k) == -1)
				break;
			st->content_left -= k;
			i += k;
			st->at += k;
		} else {
			k = st->pad_left < n - i ? st->pad_left : n - i;
			st->pad_left -= k;
			i += k;
			st->at += k;
		}
		if (st->content_left == 0 && st->pad_left == 0) {
			rec_at = st->at - FCGI_HEADER_LEN - st->hdr[6] -
			    ((size_t)st->hdr[4] << 8 | st->hdr[5]);
			st->in_body = 0;
			st->hn = 0;
			if (on_record_end(st, rec_at) == -1)
				break;
		}
	}
	return st->phase;
}
