/* SPDX-License-Identifier: ISC */
/*
 * fcgi_wire.c - the FastCGI wire beside libfcgi: reading a request ahead,
 * feeding libfcgi, a request's params and stdin, and large answers in
 * stdout records of our own. Runs in a FastCGI worker process, in the
 * loop thread that owns the connection (fcgi_serve.c); it touches that
 * connection's socket, the memory its caller hands it, and this thread's
 * feed (a thread-local pointer) alone.
 *
 * libfcgi reads with blocking calls, so a connection goes to it only when
 * a whole request is there: the thread looks at what the connection has
 * without waiting (one recv) and finds where the request ends from the
 * record headers (wire_request_whole()). Where libfcgi is linked in (the
 * static and sanitizer builds, FEED_LIBFCGI) that recv takes the bytes,
 * and libfcgi is handed them: it reads through OS_Read(), which the link
 * wraps (-Wl,--wrap=OS_Read, __wrap_OS_Read() below), so while a thread
 * feeds it (wire_feed()), OS_Read() on that connection returns the bytes
 * read already, then reads the socket as before. With a shared libfcgi
 * (the dynamic build: valgrind, the Debian package) no wrap reaches its
 * reads: the recv only peeks, and libfcgi reads the request itself, one
 * system call more.
 *
 * System calls: sendmsg() here (wire_write_records()), and libfcgi's
 * reads. A new one must join the worker's list in src/sandbox.c
 * (worker_calls), or the sandbox kills the worker that makes it.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "fastcgi/fcgi_wire.h"
#include "http/request.h"

_Static_assert(sizeof(FCGI_Header) == FCGI_HEADER_LEN, "FCGI_Header is "
    "not the 8 bytes of a record header");

/* The feed of the request this thread hands libfcgi, or NULL. */
static _Thread_local struct feed *feeding;

void
wire_feed(struct feed *f)
{
	feeding = f;
}

#ifdef FEED_LIBFCGI
int	__wrap_OS_Read(int fd, char *buf, size_t len);
int	__real_OS_Read(int fd, char *buf, size_t len);

/*
 * libfcgi's every read of a connection (fcgiapp.c's FillBuffProc): the
 * bytes this thread read ahead on fd first, then os_unix.c's OS_Read().
 * Returns what that returns: a count, 0 at the end, -1 on an error.
 */
int
__wrap_OS_Read(int fd, char *buf, size_t len)
{
	struct feed	*f = feeding;
	size_t		 k;

	if (f == NULL || f->fd != fd || f->at == f->end)
		return __real_OS_Read(fd, buf, len);
	k = f->end - f->at;
	if (k > len)
		k = len;
	if (k > INT32_MAX)
		k = INT32_MAX;
	memcpy(buf, f->p + f->at, k);
	f->at += k;
	return (int)k;
}
#endif

/*
 * Whether libfcgi may be handed the n bytes at b: they hold a request up
 * to its end as libfcgi reads it, the empty FCGI_STDIN record of the
 * request that the first FCGI_BEGIN_REQUEST record began (FastCGI 1.0
 * §3.3, §5.1, §5.3; libfcgi skips the records of other request ids and
 * answers management ones, FCGI_NULL_REQUEST_ID, on its way); or libfcgi
 * stops reading before any end (not FCGI_VERSION_1, a begin record it
 * refuses); or n is PEEK_MAX (libfcgi reads the rest of a large request
 * from the socket, under conn_guard()). Returns 1 then, 0 if the request
 * goes on.
 */
int
wire_request_whole(const unsigned char *b, size_t n)
{
	FCGI_Header	 h;
	size_t		 at = 0, end, len;
	unsigned	 id, want = 0;		/* 0: no request begun yet */

	while (at + FCGI_HEADER_LEN <= n) {
		memcpy(&h, b + at, FCGI_HEADER_LEN);
		if (h.version != FCGI_VERSION_1)
			return 1;		/* libfcgi refuses it */
		id = (unsigned)h.requestIdB1 << 8 | h.requestIdB0;
		len = (size_t)h.contentLengthB1 << 8 | h.contentLengthB0;
		end = at + FCGI_HEADER_LEN + len + h.paddingLength;
		if (h.type == FCGI_BEGIN_REQUEST && want == 0) {
			if (id == FCGI_NULL_REQUEST_ID ||
			    len != sizeof(FCGI_BeginRequestBody))
				return 1;	/* libfcgi refuses it */
			want = id;
		} else if (h.type == FCGI_STDIN && len == 0 && want != 0 &&
		    id == want) {
			if (end <= n)
				return 1;
			break;
		}
		at = end;
	}
	return n == PEEK_MAX;
}

/* The index list of names n bytes long. */
static size_t
len_list(size_t n)
{
	return n < NAME_LENS ? n : NAME_LENS - 1;
}

/*
 * Indexes the params of x->req, on its first lookup. Never fails: with
 * more than INDEX_MAX params, built is -1 and lookups scan them instead.
 */
static void
index_build(struct params_index *x)
{
	char	**e;
	const char *eq;
	size_t	 k = 0, b;

	x->built = 1;
	for (e = x->req->envp; e != NULL && *e != NULL; e++) {
		if (k == INDEX_MAX) {
			x->built = -1;
			return;
		}
		if ((eq = strchr(*e, '=')) == NULL)
			continue;
		x->len[k] = (size_t)(eq - *e);
		x->entry[k++] = *e;
	}
	memset(x->head, 0xff, sizeof(x->head));		/* all -1 */
	/* Linked from the last, so that each list keeps the params' order
	 * and a lookup finds the first of a name. */
	while (k-- > 0) {
		b = len_list(x->len[k]);
		x->next[k] = x->head[b];
		x->head[b] = (short)k;
	}
}

const char *
wire_param_get(void *ctx, const char *name)
{
	struct params_index *x = ctx;
	size_t		 n = strlen(name);
	short		 i;

	if (x->built == 0)
		index_build(x);
	if (x->built == -1)
		return FCGX_GetParam(name, x->req->envp);
	for (i = x->head[len_list(n)]; i != -1; i = x->next[i])
		if (x->len[i] == n && memcmp(x->entry[i], name, n) == 0)
			return x->entry[i] + n + 1;
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
