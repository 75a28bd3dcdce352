/* SPDX-License-Identifier: ISC */
/*
 * request.c - what a caller asked, gathered from CGI or FastCGI input. Runs
 * in whichever process or thread serves the request (a CGI process, or a
 * FastCGI worker process's loop thread); it fills the request it is given
 * and reads only through the input it is given.
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "nitems.h"
#include "num.h"
#include "http/request.h"

void
request_init(struct request *r)
{
	memset(r, 0, sizeof(*r));
	params_init(&r->params);
	buf_init(&r->body, FORM_MAX);
	buf_init(&r->path, QUERY_MAX);
}

void
request_free(struct request *r)
{
	params_free(&r->params);
	buf_free(&r->body);
	buf_free(&r->path);
}

static const char *
get(const struct input *in, const char *name)
{
	const char *v = in->get(in->ctx, name);

	return (v != NULL && v[0] != '\0') ? v : NULL;
}

/* Returns 1 if the media type in ct is application/x-www-form-urlencoded. */
static int
is_form(const char *ct)
{
	static const char form[] = "application/x-www-form-urlencoded";
	size_t	 n = sizeof(form) - 1;

	if (ct == NULL || strncasecmp(ct, form, n) != 0)
		return 0;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ' || ct[n] == '\t';
}

/*
 * Reads want bytes of body; a form into r->body, anything else dropped.
 * A body that ends early is taken as it is. Returns 0, or -1 with f set.
 */
static int
read_body(struct request *r, const struct input *in, unsigned long long want,
    int form, struct fail *f)
{
	char	 chunk[8192];
	long	 got;
	size_t	 n;

	if (!form && want > DISCARD_MAX)
		want = DISCARD_MAX;
	while (want > 0) {
		n = want < sizeof(chunk) ? (size_t)want : sizeof(chunk);
		if ((got = in->read(in->ctx, chunk, n)) <= 0)
			break;
		if (form && buf_append(&r->body, chunk, (size_t)got) == -1)
			return fail_set(f, 500, "out of memory");
		want -= (unsigned long long)got;
	}
	return 0;
}

/*
 * Sets r->path_code to the first segment of a path ("/404/x" gives "404"),
 * percent-decoding it when the path is raw (taken from REQUEST_URI). An
 * empty or missing path leaves it NULL. Returns 0, or -1 with f set.
 */
static int
take_path(struct request *r, const char *path, size_t n, int raw,
    struct fail *f)
{
	const char	*seg, *end = path + n;
	char		*dst;
	long		 len;

	for (seg = path; seg < end && *seg == '/'; seg++)
		;
	n = (size_t)(end - seg);
	if ((end = memchr(seg, '/', n)) != NULL)
		n = (size_t)(end - seg);
	if (n == 0)
		return 0;
	if (n > 64)
		return fail_set(f, 400, "the path segment after the script "
		    "is too long to be a code");
	buf_reset(&r->path);
	if (buf_append(&r->path, seg, n) == -1)
		return fail_set(f, 500, "out of memory");
	if (raw) {
		dst = r->path.data;
		if ((len = url_decode(dst, dst, n, 0)) < 0)
			return fail_set(f, 400, "the path has a bad "
			    "percent-escape or a NUL byte");
		r->path.len = (size_t)len;
	}
	r->path_code = r->path.data;
	return 0;
}

/*
 * When a server passes no PATH_INFO, finds the raw path in REQUEST_URI past
 * SCRIPT_NAME ("/cgi-bin/s.cgi/404?x" gives "/404"). Returns its length,
 * with *out set, or 0 if there is none.
 */
static size_t
path_from_uri(const char *uri, const char *script, const char **out)
{
	size_t	 sn;

	if (uri == NULL || script == NULL)
		return 0;
	sn = strlen(script);
	if (strncmp(uri, script, sn) != 0 || uri[sn] != '/')
		return 0;
	*out = uri + sn;
	return strcspn(*out, "?#");
}

#define META(member, name)	{ name, offsetof(struct request, member) }

/* The fields of struct request that hold a meta-variable as it is. */
static const struct {
	const char	*name;
	size_t		 off;	/* of a const char * in struct request */
} plain[] = {
	META(accept, "HTTP_ACCEPT"),
	META(protocol, "SERVER_PROTOCOL"),
	META(server, "SERVER_SOFTWARE"),
	META(acr_method, "HTTP_ACCESS_CONTROL_REQUEST_METHOD"),
	META(acr_headers, "HTTP_ACCESS_CONTROL_REQUEST_HEADERS"),
	META(authorization, "HTTP_AUTHORIZATION"),
	META(if_match, "HTTP_IF_MATCH"),
	META(if_none_match, "HTTP_IF_NONE_MATCH"),
	META(if_modified_since, "HTTP_IF_MODIFIED_SINCE"),
	META(if_unmodified_since, "HTTP_IF_UNMODIFIED_SINCE"),
	META(range, "HTTP_RANGE"),
	META(if_range, "HTTP_IF_RANGE"),
};

int
request_read(struct request *r, const struct input *in, struct fail *f)
{
	const char	*q, *cl, *path;
	unsigned long long len = 0;
	size_t		 pn, i;
	int		 form;

	params_clear(&r->params);
	buf_reset(&r->body);
	r->path_code = NULL;

	r->method = get(in, "REQUEST_METHOD");
	if (r->method == NULL)
		r->method = "GET";
	r->head = strcmp(r->method, "HEAD") == 0;
	r->script_name = get(in, "SCRIPT_NAME");
	r->host = get(in, "HTTP_HOST");
	if (r->host == NULL)
		r->host = get(in, "SERVER_NAME");
	for (i = 0; i < NITEMS(plain); i++)
		*(const char **)((char *)r + plain[i].off) =
		    get(in, plain[i].name);
	r->now = time(NULL);

	if ((path = get(in, "PATH_INFO")) != NULL) {
		if (take_path(r, path, strlen(path), 0, f) == -1)
			return -1;
	} else if ((pn = path_from_uri(get(in, "REQUEST_URI"),
	    r->script_name, &path)) > 0) {
		if (take_path(r, path, pn, 1, f) == -1)
			return -1;
	}

	q = get(in, "QUERY_STRING");
	if (q != NULL) {
		size_t qn = strnlen(q, QUERY_MAX + 1);

		if (qn > QUERY_MAX)
			return fail_set(f, 414, "the query string is longer "
			    "than %d bytes", QUERY_MAX);
		if (params_parse(&r->params, q, qn, 0, f) == -1)
			return -1;
	}

	cl = get(in, "CONTENT_LENGTH");
	if (cl == NULL)
		return 0;
	/* RFC 3875 §4.1.2: 1*digit; 15 of them at most, below 2^53. */
	if (num_parse(cl, 10, 15, &len) == -1)
		return fail_set(f, 400, "CONTENT_LENGTH is not a number");
	form = is_form(get(in, "CONTENT_TYPE"));
	if (form && len > FORM_MAX)
		return fail_set(f, 413, "the form body is longer than %d bytes",
		    FORM_MAX);
	if (read_body(r, in, len, form, f) == -1)
		return -1;
	if (form && r->body.len > 0 &&
	    params_parse(&r->params, r->body.data, r->body.len, 1, f) == -1)
		return -1;
	return 0;
}
