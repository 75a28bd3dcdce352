/* SPDX-License-Identifier: ISC */
/*
 * fcgi_wire.c - the FastCGI wire beside libfcgi: feeding libfcgi a
 * request read ahead and checked, checking what it reads after that,
 * a request's params and stdin, and large answers in stdout records of
 * our own. Runs in a FastCGI worker process, in the loop thread that owns
 * the connection (fcgi_serve.c); it touches that connection's socket and
 * check, the memory its caller hands it, and this thread's feed (a
 * thread-local pointer) alone.
 *
 * libfcgi reads with blocking calls, so a connection goes to it only when
 * its request's params are whole and checked (fcgi_check.c), with its
 * stdin whole too unless it is larger than the read-ahead. libfcgi reads
 * through OS_Read(): linked in (the static and sanitizer builds), the
 * link wraps it (-Wl,--wrap=OS_Read, WRAP_OS_READ); with a shared libfcgi
 * (valgrind's build, the Debian package) the OS_Read() defined here
 * interposes on libfcgi's own, which Debian's libfcgi calls through its
 * PLT (wire_probe() makes sure at start). Either way, while a thread
 * feeds it (wire_feed()), libfcgi's reads of that connection get the
 * request read ahead, with its params taken out (an empty params record
 * in their place: libfcgi copies each param into memory of its own, most
 * of what it cost a request; they are decoded here, in place, instead),
 * and then the socket's bytes, each checked before libfcgi sees it.
 *
 * What libfcgi still does: the begin record (id, role, keep-alive), the
 * management records and other requests' begins (its answers), reading
 * stdin (its stream), buffering small answers in stdout records, and
 * the end-request record.
 *
 * System calls: sendmsg() here (wire_write_records()), read() for
 * libfcgi, and before the sandbox fcntl() (wire_probe()). A new one
 * must join the worker's list in src/sandbox.c (worker_calls), or the
 * sandbox kills the worker that makes it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "fastcgi/fcgi_wire.h"
#include "http/request.h"

#define PROBE_FD	4095	/* wire_probe() looks down from here */

_Static_assert(sizeof(FCGI_Header) == FCGI_HEADER_LEN, "FCGI_Header is "
    "not the 8 bytes of a record header");

/* The feed of the request this thread hands libfcgi, or NULL. */
static _Thread_local struct feed *feeding;

void
wire_feed(struct feed *f)
{
	feeding = f;
}

/*
 * Reads fd for libfcgi, as os_unix.c's OS_Read() does. Returns what
 * read() does.
 */
static int
os_read(int fd, char *buf, size_t len)
{
	ssize_t	 n = read(fd, buf, len > INT32_MAX ? INT32_MAX : len);

	return (int)n;
}

/*
 * libfcgi's every read of a connection (fcgiapp.c's FillBuffProc): while
 * this thread feeds fd, the feed's segments first, then fd's bytes, each
 * checked; a rule broken fails the read (EPROTO), and libfcgi sets the
 * error on its stream. Returns a count, 0 at the end, -1 on an error.
 */
static int
feed_read(int fd, char *buf, size_t len)
{
	struct feed	*f = feeding;
	size_t		 k;
	int		 n;

	if (f == NULL || f->fd != fd)
		return os_read(fd, buf, len);
	while (f->k < 4 && f->at == f->len[f->k]) {
		f->k++;
		f->at = 0;
	}
	if (f->k < 4) {
		k = f->len[f->k] - f->at;
		if (k > len)
			k = len;
		if (k > INT32_MAX)
			k = INT32_MAX;
		memcpy(buf, f->seg[f->k] + f->at, k);
		f->at += k;
		return (int)k;
	}
	if (f->check->phase == CHECK_BROKEN) {
		errno = EPROTO;
		return -1;
	}
	if ((n = os_read(fd, buf, len)) > 0 &&
	    check_bytes(f->check, (unsigned char *)buf, (size_t)n) ==
	    CHECK_BROKEN) {
		errno = EPROTO;
		return -1;
	}
	return n;
}

#ifdef WRAP_OS_READ
int	__wrap_OS_Read(int fd, char *buf, size_t len);

/* libfcgi linked in: its OS_Read(), wrapped by the link. */
int
__wrap_OS_Read(int fd, char *buf, size_t len)
{
	return feed_read(fd, buf, len);
}
#else
int	OS_Read(int fd, char *buf, size_t len);

/* A shared libfcgi: its OS_Read(), interposed on. */
int
OS_Read(int fd, char *buf, size_t len)
{
	return feed_read(fd, buf, len);
}
#endif

int
wire_probe(void)
{
	static const unsigned char req[] = {
	    1, FCGI_BEGIN_REQUEST, 0, 1, 0, 8, 0, 0,
	    0, FCGI_RESPONDER, 0, 0, 0, 0, 0, 0,
	    1, FCGI_PARAMS, 0, 1, 0, 0, 0, 0,
	    1, FCGI_STDIN, 0, 1, 0, 0, 0, 0 };
	struct wire_check st;
	struct feed	 f;
	FCGX_Request	 r;
	int		 fd, ok;

	/* A descriptor that is not open: only fed bytes make a request,
	 * and libfcgi reading it itself fails (EBADF). Only this thread
	 * runs yet, so none is opened meanwhile. */
	for (fd = PROBE_FD; fd > 2; fd--)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF)
			break;
	check_reset(&st);
	memset(&f, 0, sizeof(f));
	f.fd = fd;
	f.check = &st;
	f.seg[0] = req;
	f.len[0] = sizeof(req);
	FCGX_InitRequest(&r, -1, 0);
	r.ipcFd = fd;
	r.keepConnection = 1;
	wire_feed(&f);
	ok = FCGX_Accept_r(&r) == 0;
	wire_feed(NULL);
	FCGX_Free(&r, 0);
	return ok ? 0 : -1;
}

void
wire_feed_make(struct feed *f, int fd, struct wire_check *check,
    const unsigned char *b, size_t n, unsigned char *aside)
{
	size_t		 k = 0;
	unsigned	 i;

	for (i = 0; i < check->naside; i++) {
		memcpy(aside + k, b + check->aside[i].at, check->aside[i].len);
		aside[k + 6] = 0;	/* its padding stays behind */
		k += check->aside[i].len;
	}
	f->fd = fd;
	f->check = check;
	f->k = 0;
	f->at = 0;
	f->seg[0] = b;
	f->len[0] = check->begin_end;
	f->seg[1] = aside;
	f->len[1] = k;
	memset(f->empty, 0, sizeof(f->empty));
	f->empty[0] = FCGI_VERSION_1;
	f->empty[1] = FCGI_PARAMS;
	f->empty[2] = (unsigned char)(check->active >> 8);
	f->empty[3] = (unsigned char)check->active;
	f->seg[2] = f->empty;
	f->len[2] = FCGI_HEADER_LEN;
	f->seg[3] = b + check->params_end;
	f->len[3] = n - check->params_end;
}

/* The index list of names n bytes long. */
static size_t
len_list(size_t n)
{
	return n < NAME_LENS ? n : NAME_LENS - 1;
}

/*
 * A walk over the content of the active request's params records in
 * [at, end) of b: left bytes of the record at at, then its padding.
 */
struct walk {
	unsigned char	*b;
	size_t		 at, end, left, pad;
	unsigned	 id;
};

/*
 * How many content bytes w has at w->at, moving past headers, padding and
 * other records to the next; 0 at the params' end.
 */
static size_t
walk_avail(struct walk *w)
{
	const unsigned char *h;
	size_t		 len;

	while (w->left == 0) {
		w->at += w->pad;
		w->pad = 0;
		if (w->at + FCGI_HEADER_LEN > w->end)
			return 0;
		h = w->b + w->at;
		len = (size_t)h[4] << 8 | h[5];
		w->at += FCGI_HEADER_LEN;
		if (h[1] == FCGI_PARAMS && ((unsigned)h[2] << 8 | h[3]) ==
		    w->id) {
			w->left = len;
			w->pad = h[6];
		} else
			w->at += len + h[6];
	}
	return w->left;
}

void
wire_params_index(struct params_index *x, FCGX_Request *req,
    unsigned char *b, const struct wire_check *check)
{
	struct walk	 w = { b, check->begin_end, check->params_end, 0, 0,
	    check->active };
	unsigned char	*dst = b + check->begin_end, lb[8];
	uint32_t	 nl = 0, vl = 0;
	size_t		 rest, m, k;
	unsigned	 ln;

	x->req = req;
	x->count = 0;
	for (;;) {
		if (walk_avail(&w) == 0)
			break;
		if ((k = check_pair_lens(b + w.at, w.left, &nl, &vl)) > 0) {
			w.at += k;	/* both lengths in this record */
			w.left -= k;
		} else {
			/* A record splits them: one byte at a time. */
			for (ln = 0; check_pair_lens(lb, ln, &nl, &vl) == 0;
			    ln++) {
				if (walk_avail(&w) == 0)
					goto indexed;
				lb[ln] = b[w.at++];
				w.left--;
			}
		}
		/* Name and value moved down over what was read: dst never
		 * passes w.at, as a pair's lengths take two bytes at least
		 * and its NUL one. */
		x->entry[x->count] = (const char *)dst;
		x->len[x->count++] = nl;
		for (rest = (size_t)nl + vl; rest > 0; rest -= m) {
			if ((k = walk_avail(&w)) == 0) {
				x->count--;	/* cannot be: checked */
				goto indexed;
			}
			m = k < rest ? k : rest;
			memmove(dst, b + w.at, m);
			dst += m;
			w.at += m;
			w.left -= m;
		}
		*dst++ = '\0';
	}
indexed:
	memset(x->head, 0xff, sizeof(x->head));		/* all -1 */
	/* Linked from the last, so that each list keeps the params' order
	 * and a lookup finds the first of a name. */
	for (k = x->count; k-- > 0; ) {
		m = len_list(x->len[k]);
		x->next[k] = x->head[m];
		x->head[m] = (short)k;
	}
}

const char *
wire_param_get(void *ctx, const char *name)
{
	struct params_index *x = ctx;
	size_t		 n = strlen(name);
	short		 i;

	for (i = x->head[len_list(n)]; i != -1; i = x->next[i])
		if (x->len[i] == n && memcmp(x->entry[i], name, n) == 0)
			return x->entry[i] + n;
	return NULL;
}

long
wire_stdin_read(void *ctx, char *buf, size_t n)
{
	int	 got = FCGX_GetStr(buf, n > INT32_MAX ? INT32_MAX : (int)n,
	    ((struct params_index *)ctx)->req->in);

	return got < 0 ? -1 : (long)got;
}

int
wire_stdin_drain(FCGX_Request *r)
{
	char	 tmp[4096];
	size_t	 total = 0;
	int	 got;

	while ((got = FCGX_GetStr(tmp, (int)sizeof(tmp), r->in)) > 0)
		if ((total += (size_t)got) > STDIN_DRAIN_MAX)
			return -1;
	return FCGX_GetError(r->in) != 0 ? -1 : 0;
}

/*
 * As the header says; the records (FastCGI 1.0 §3.3, §5.3) are each as
 * large as a record can be, header and content in one system call, and a
 * record begun is finished by the next calls.
 */
long
wire_write_records(struct direct *d, int fd, int id, const char *data,
    size_t n)
{
	struct msghdr	 m;
	struct iovec	 iov[2];
	size_t		 k, taken = 0, h;
	ssize_t		 put;

	while (taken < n) {
		if (d->rec_left == 0) {
			k = n - taken > RECORD_MAX ? RECORD_MAX : n - taken;
			d->hdr.version = FCGI_VERSION_1;
			d->hdr.type = FCGI_STDOUT;
			d->hdr.requestIdB1 = (unsigned char)(id >> 8);
			d->hdr.requestIdB0 = (unsigned char)id;
			d->hdr.contentLengthB1 = (unsigned char)(k >> 8);
			d->hdr.contentLengthB0 = (unsigned char)k;
			d->hdr.paddingLength = d->hdr.reserved = 0;
			d->hdr_left = FCGI_HEADER_LEN;
			d->rec_left = k;
		}
		k = n - taken < d->rec_left ? n - taken : d->rec_left;
		iov[0].iov_base = (unsigned char *)&d->hdr + FCGI_HEADER_LEN -
		    d->hdr_left;
		iov[0].iov_len = d->hdr_left;
		iov[1].iov_base = (void *)(uintptr_t)(data + taken);
		iov[1].iov_len = k;
		memset(&m, 0, sizeof(m));
		m.msg_iov = d->hdr_left > 0 ? iov : iov + 1;
		m.msg_iovlen = d->hdr_left > 0 ? 2 : 1;
		put = sendmsg(fd, &m, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (put == -1 && errno == EINTR)
			continue;
		if (put == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (put <= 0)
			return -1;
		h = (size_t)put < d->hdr_left ? (size_t)put : d->hdr_left;
		d->hdr_left -= h;
		taken += (size_t)put - h;
		d->rec_left -= (size_t)put - h;
	}
	return (long)taken;
}
