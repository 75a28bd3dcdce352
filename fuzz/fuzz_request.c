/* SPDX-License-Identifier: ISC */
/*
 * fuzz_request.c - libFuzzer target over the whole request handler. Built
 * as build/fuzz/fuzz_request and run by libFuzzer: make fuzz, and make
 * check (fuzz-check: the corpus replayed, then a short burst).
 *
 * The input is split at NUL bytes into method, QUERY_STRING, PATH_INFO,
 * Content-Type, Accept, Host, SERVER_SOFTWARE, and the request headers
 * Authorization, If-Match, If-None-Match, If-Modified-Since,
 * If-Unmodified-Since, Range and If-Range; whatever follows the
 * fourteenth NUL is the body (with CONTENT_LENGTH set to its length, or to
 * a wrong one when the method says so). The request is answered as CGI and
 * as NPH, and each answer must keep every invariant below, or we abort():
 *   - a status line first: "Status: NNN reason" or "HTTP/1.x NNN reason",
 *     NNN from 100 to 599, the reason printable ASCII;
 *   - each header line "Name: value", the name a token, the value
 *     printable ASCII (no CR, LF, NUL or other control inside);
 *   - no framing or hop-by-hop header but ours (Connection in NPH,
 *     Upgrade on 101/426), no header that makes a server act (but
 *     "X-Accel-Buffering: no", which only makes nginx relay as it comes);
 *   - a 206 has one Content-Range, and its content is the pattern from
 *     the first byte it names, or is multipart/byteranges without one;
 *     a 416 has Content-Range "bytes *\/N";
 *   - at most one Content-Length, equal to the content's length;
 *   - no content for 1xx, 204, 205, 304 or HEAD, and no Content-Type for
 *     1xx, 204, 205, 304;
 *   - a Location the redirect policy allows;
 *   - after a 1xx other than 101, another answer; after 101, nothing;
 *   - written to a sink that takes a few bytes at a time, or none, the
 *     answer is the same bytes (a reply resumes where the sink stopped).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../src/http/check.h"
#include "../src/http/params.h"
#include "../src/answer/serve.h"

#define NFIELDS 14

/* The request headers after the first seven fields, as CGI variables. */
static const char *const header_var[NFIELDS] = {
	[7] = "HTTP_AUTHORIZATION", [8] = "HTTP_IF_MATCH",
	[9] = "HTTP_IF_NONE_MATCH", [10] = "HTTP_IF_MODIFIED_SINCE",
	[11] = "HTTP_IF_UNMODIFIED_SINCE", [12] = "HTTP_RANGE",
	[13] = "HTTP_IF_RANGE",
};

struct fuzz_in {
	const char	*field[NFIELDS];
	char		 clen[24];
	const uint8_t	*body;
	size_t		 blen, pos;
	int		 have_body;
};

static const char *
f_get(void *ctx, const char *name)
{
	struct fuzz_in *in = ctx;
	size_t	 i;

	for (i = 7; i < NFIELDS; i++)
		if (strcmp(name, header_var[i]) == 0)
			return in->field[i];
	if (strcmp(name, "REQUEST_METHOD") == 0)
		return in->field[0];
	if (strcmp(name, "QUERY_STRING") == 0)
		return in->field[1];
	if (strcmp(name, "PATH_INFO") == 0)
		return in->field[2];
	if (strcmp(name, "CONTENT_TYPE") == 0)
		return in->field[3];
	if (strcmp(name, "HTTP_ACCEPT") == 0)
		return in->field[4];
	if (strcmp(name, "HTTP_HOST") == 0)
		return in->field[5];
	if (strcmp(name, "SERVER_SOFTWARE") == 0)
		return in->field[6];
	if (strcmp(name, "CONTENT_LENGTH") == 0)
		return in->have_body ? in->clen : NULL;
	if (strcmp(name, "SCRIPT_NAME") == 0)
		return "/cgi-bin/status.cgi";
	if (strcmp(name, "SERVER_PROTOCOL") == 0)
		return "HTTP/1.1";
	if (strcmp(name, "STATUSCGI_MAX_SLEEP_MS") == 0)
		return "0";		/* no waiting in the fuzzer */
	if (strcmp(name, "STATUSCGI_MAX_SIZE") == 0)
		return "70000";		/* size=: room for many ranges */
	if (strcmp(name, "HTTP_ACCESS_CONTROL_REQUEST_METHOD") == 0)
		return in->field[6] != NULL && in->field[6][0] == 'P' ?
		    "PUT" : NULL;
	return NULL;
}

static long
f_read(void *ctx, char *buf, size_t n)
{
	struct fuzz_in *in = ctx;
	size_t	 left = in->blen - in->pos;

	if (n > left)
		n = left;
	memcpy(buf, in->body + in->pos, n);
	in->pos += n;
	return (long)n;
}

static struct buf out, out2;

/*
 * A sink that takes a few bytes at a time, as a FastCGI peer that reads
 * slowly does, and every third time none (it is full): how many comes
 * from the input's own bytes.
 */
static struct {
	const uint8_t	*data;
	size_t		 size, calls;
} stingy;

static long
f_write_some(void *ctx, const char *data, size_t n)
{
	size_t	 k = 0;

	(void)ctx;
	if (stingy.calls++ % 3 != 2)
		k = 1 + (stingy.size > 0 ? (size_t)stingy.data[stingy.calls %
		    stingy.size] * 37 % 8192 : 0);
	if (k > n)
		k = n;
	return buf_append(&out2, data, k) == -1 ? -1 : (long)k;
}

static long
f_write(void *ctx, const char *data, size_t n)
{
	(void)ctx;
	return buf_append(&out, data, n) == -1 ? -1 : (long)n;
}

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static int
is_tchar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != 0 && strchr("!#$%&'*+-.^_`|~", c));
}

/* Finds the CRLF that ends the line at s; the line has no CR/LF inside. */
static const char *
line_end(const char *s, const char *end)
{
	const char *p;

	for (p = s; p + 1 < end; p++) {
		if (p[0] == '\r' && p[1] == '\n')
			return p;
		CHECK(p[0] != '\r' && p[0] != '\n' && p[0] != '\0');
	}
	abort();
}

static int
named(const char *line, size_t n, const char *name)
{
	size_t	 k = strlen(name);

	return n > k && line[k] == ':' && strncasecmp(line, name, k) == 0;
}

/* The content size= serves, and a 206 asked for carries (plan.c). */
static const char pattern[] =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/* Checks one answer; returns where the next one starts, or end. */
static const char *
check_answer(const char *s, const char *end, int nph, int head,
    const char *host, int *more)
{
	const char	*e = line_end(s, end), *p, *v;
	unsigned	 code;
	size_t		 n, i, clen = 0;
	int		 ncl = 0, ntype = 0, nwww = 0, nallow = 0, nrange = 0;
	int		 multi = 0;
	unsigned long long first = 0;

	/* the status line */
	if (nph) {
		CHECK(e - s >= 13 && (strncmp(s, "HTTP/1.1 ", 9) == 0 ||
		    strncmp(s, "HTTP/1.0 ", 9) == 0));
		p = s + 9;
	} else {
		CHECK(e - s >= 12 && strncmp(s, "Status: ", 8) == 0);
		p = s + 8;
	}
	for (i = 0; i < 3; i++)
		CHECK(p[i] >= '0' && p[i] <= '9');
	code = (unsigned)((p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0'));
	CHECK(code >= 100 && code <= 599 && p[3] == ' ');
	for (v = p + 4; v < e; v++)
		CHECK(*v >= 0x20 && *v <= 0x7e);

	/* the header lines */
	for (s = e + 2; ; s = e + 2) {
		CHECK(s < end);
		e = line_end(s, end);
		if (e == s)
			break;
		n = (size_t)(e - s);
		for (i = 0; i < n && s[i] != ':'; i++)
			CHECK(is_tchar((unsigned char)s[i]));
		CHECK(i > 0 && i + 1 < n && s[i + 1] == ' ');
		for (v = s + i + 2; v < e; v++)
			CHECK(*v >= 0x20 && *v <= 0x7e);
		v = s + i + 2;
		CHECK(!named(s, n, "Status") && !named(s, n, "Transfer-Encoding") &&
		    !named(s, n, "Keep-Alive") && !named(s, n, "TE") &&
		    !named(s, n, "Trailer") && !named(s, n, "Proxy-Connection") &&
		    !named(s, n, "X-Sendfile") && !named(s, n, "X-Sendfile2") &&
		    !named(s, n, "X-LIGHTTPD-send-file"));
		if (strncasecmp(s, "X-Accel-", 8) == 0)
			CHECK(named(s, n, "X-Accel-Buffering") &&
			    e - v == 2 && strncmp(v, "no", 2) == 0);
		if (named(s, n, "Connection"))
			CHECK(nph);
		if (named(s, n, "Upgrade"))
			CHECK(code == 101 || code == 426);
		if (named(s, n, "Content-Type")) {
			ntype++;
			multi = (size_t)(e - v) >= 20 &&
			    strncmp(v, "multipart/byteranges", 20) == 0;
		}
		if (named(s, n, "Content-Range")) {
			nrange++;
			if (code == 416)
				CHECK(strncmp(v, "bytes */", 8) == 0);
			else
				first = strtoull(v + 6, NULL, 10);
		}
		if (named(s, n, "WWW-Authenticate"))
			nwww++;
		if (named(s, n, "Allow"))
			nallow++;
		if (named(s, n, "Content-Length")) {
			ncl++;
			clen = strtoul(v, NULL, 10);
			CHECK(strspn(v, "0123456789") == (size_t)(e - v));
		}
		if (named(s, n, "Location")) {
			struct fail f;
			char loc[4096];

			CHECK((size_t)(e - v) < sizeof(loc));
			memcpy(loc, v, (size_t)(e - v));
			loc[e - v] = '\0';
			CHECK(check_location(loc, host, NULL, &f) == 0);
		}
	}
	s = e + 2;
	CHECK(ncl <= 1 && ntype <= 1);
	CHECK(code != 401 || nwww >= 1);
	CHECK(code != 405 || nallow == 1);
	if (code < 200) {
		CHECK(ncl == 0 && ntype == 0);
		*more = code != 101;
		if (code == 101)
			CHECK(s == end);
		return s;
	}
	*more = 0;
	if (code == 204 || code == 304 || code == 205) {
		CHECK(ntype == 0);
		CHECK(code == 205 ? (ncl == 1 && clen == 0) : ncl == 0);
		CHECK(s == end);
		return end;
	}
	CHECK(ncl == 1 && ntype == 1);
	CHECK((size_t)(end - s) == (head ? 0 : clen));
	CHECK(code != 416 || nrange == 1);
	if (code == 206) {
		CHECK(multi ? nrange == 0 : nrange == 1);
		for (v = s; !multi && v < end; v++)
			CHECK(*v == pattern[(first + (size_t)(v - s)) % 62]);
	}
	return end;
}

/* Returns 1 if the n bytes at needle occur in the size bytes at hay. */
static int
holds(const char *hay, size_t size, const char *needle, size_t n)
{
	size_t	 i;

	for (i = 0; n <= size && i <= size - n; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return 1;
	return 0;
}

/*
 * Returns the credentials of Authorization (what follows the scheme)
 * when they are long enough not to be in an answer by chance, or NULL.
 */
static const char *
credentials(const char *authorization)
{
	const char	*cred;

	if (authorization == NULL ||
	    (cred = strchr(authorization, ' ')) == NULL || strlen(cred + 1) < 8)
		return NULL;
	return cred + 1;
}

/*
 * Returns 1 if the n bytes at s, percent-decoded once as parameters are,
 * hold cred.
 */
static int
decoded_holds(const char *s, size_t n, const char *cred)
{
	static char	 dec[(1 << 20) + 1];
	long		 dn;

	if (s == NULL || n >= sizeof(dec) || (dn = url_decode(dec, s, n, 1)) < 0)
		return 0;
	return holds(dec, (size_t)dn, cred, strlen(cred));
}

/* Returns 1 if an input other than Authorization holds cred. */
static int
elsewhere(const struct fuzz_in *fi, const char *cred)
{
	size_t	 i, n = strlen(cred);

	for (i = 0; i < NFIELDS; i++)
		if (i != 7 && fi->field[i] != NULL &&
		    strstr(fi->field[i], cred) != NULL)
			return 1;
	if (fi->field[1] != NULL &&
	    decoded_holds(fi->field[1], strlen(fi->field[1]), cred))
		return 1;
	return fi->have_body &&
	    (holds((const char *)fi->body, fi->blen, cred, n) ||
	    decoded_holds((const char *)fi->body, fi->blen, cred));
}

/* Shifts each letter and digit of s to the next of its kind. */
static void
rotate(char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == 'z' || *s == 'Z')
			*s -= 25;
		else if (*s == '9')
			*s = '0';
		else if ((*s >= 'a' && *s < 'z') || (*s >= 'A' && *s < 'Z') ||
		    (*s >= '0' && *s < '9'))
			(*s)++;
	}
}

static void
check_output(int nph, int head, const char *host)
{
	const char	*s = out.data, *end = out.data + out.len;
	int		 more = 1;

	CHECK(!buf_failed(&out) && out.len > 0);
	while (more)
		s = check_answer(s, end, nph, head, host, &more);
	CHECK(s == end);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct scratch sc;
	static struct reply rep;
	static int init;
	static char copy[1 << 20];
	struct fuzz_in	 fi;
	struct input	 in = { f_get, f_read, &fi };
	struct sink	 s = { f_write, NULL }, some = { f_write_some, NULL };
	size_t		 i, k = 0, start = 0;
	long		 ms;
	static char	 alt[1 << 16];
	const char	*cred;
	char		*other;
	int		 nph;

	if (!init) {
		scratch_init(&sc);
		buf_init(&out, 8 << 20);
		buf_init(&out2, 8 << 20);
		reply_init(&rep, REPLY_MAX);
		init = 1;
	}
	if (size >= sizeof(copy))
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	memset(&fi, 0, sizeof(fi));
	for (i = 0; i < size && k < NFIELDS; i++)
		if (copy[i] == '\0') {
			fi.field[k++] = copy + start;
			start = i + 1;
		}
	if (k < NFIELDS) {
		if (k < NFIELDS && start <= size)
			fi.field[k++] = copy + start;
	} else {
		fi.body = (const uint8_t *)copy + start;
		fi.blen = size - start;
		fi.have_body = 1;
		/* a method ending in '+' claims more than it sends, '-' less */
		snprintf(fi.clen, sizeof(fi.clen), "%zu", fi.blen +
		    (fi.field[0][0] != '\0' && fi.field[0][strlen(fi.field[0]) - 1]
		    == '+' ? 100 : 0) - (fi.field[0][0] != '\0' &&
		    fi.field[0][strlen(fi.field[0]) - 1] == '-' && fi.blen > 0));
	}
	for (nph = 0; nph <= 1; nph++) {
		fi.pos = 0;
		buf_reset(&out);
		serve(&sc, &in, &s, nph ? OUT_NPH : OUT_CGI, NULL, 42);
		check_output(nph, fi.field[0] != NULL &&
		    strcmp(fi.field[0], "HEAD") == 0, fi.field[5]);
	}
	/* The same request, CGI, all at once and then a little at a time. */
	fi.pos = 0;
	buf_reset(&out);
	serve(&sc, &in, &s, OUT_CGI, NULL, 42);
	fi.pos = 0;
	buf_reset(&out2);
	stingy.data = data;
	stingy.size = size;
	stingy.calls = 0;
	serve_plan(&sc, &in, OUT_CGI, NULL, 42);
	if (serve_render(&sc, &rep) == 0) {
		while ((ms = reply_step(&rep, &some, 1)) == REPLY_BLOCKED)
			;
		CHECK(ms == 0 && out2.len == out.len &&
		    memcmp(out2.data, out.data, out.len) == 0);
	}
	/* The credentials never come back. Our own words may hold the
	 * bytes by chance; an echo would follow them: so when the answer
	 * holds them, the answer to other credentials (each letter and
	 * digit shifted) must not hold those. */
	if ((cred = credentials(fi.field[7])) != NULL &&
	    holds(out.data, out.len, cred, strlen(cred)) &&
	    !elsewhere(&fi, cred) && strlen(fi.field[7]) < sizeof(alt)) {
		memcpy(alt, fi.field[7], strlen(fi.field[7]) + 1);
		other = alt + (cred - fi.field[7]);
		rotate(other);
		if (strcmp(other, cred) != 0 && !elsewhere(&fi, other)) {
			fi.field[7] = alt;
			fi.pos = 0;
			buf_reset(&out);
			serve(&sc, &in, &s, OUT_NPH, NULL, 42);
			CHECK(!holds(out.data, out.len, other, strlen(other)));
		}
	}
	return 0;
}
