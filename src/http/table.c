/* SPDX-License-Identifier: ISC */
/*
 * table.c - every code in the IANA "Hypertext Transfer Protocol (HTTP)
 * Status Code Registry", with its RFC 9110 reason phrase, where it is
 * defined, one sentence of our own, and what it must or may carry.
 * Kept sorted by code: status_find() searches it by bisection. Data:
 * constant, read by whichever process or thread serves a request (a CGI
 * process, or a FastCGI worker process's loop thread), or by main.c for
 * --list; the look-ups touch nothing else.
 */
#include <stddef.h>

#include "http/table.h"

#define REDIRECT	(T_LOCATION | T_RETRY_OPT)
#define SUCCESS		(T_VALIDATORS)

static const struct status table[] = {
	{ 100, "Continue", "RFC 9110 §15.2.1",
	  "The request has begun well: the client may send the rest of its content.",
	  T_NO_BODY },
	{ 101, "Switching Protocols", "RFC 9110 §15.2.2",
	  "The server agrees to switch the connection to the protocol named in Upgrade.",
	  T_NO_BODY | T_UPGRADE },
	{ 102, "Processing", "RFC 2518 §10.1",
	  "The server is still working on a long WebDAV request; a final answer follows.",
	  T_NO_BODY },
	{ 103, "Early Hints", "RFC 8297 §2",
	  "Links the client can start loading while the server prepares the final answer.",
	  T_NO_BODY | T_LINK },
	{ 104, "Upload Resumption Supported", "draft-ietf-httpbis-resumable-upload",
	  "The server can resume this upload if it breaks off (a temporary registration).",
	  T_NO_BODY },
	{ 200, "OK", "RFC 9110 §15.3.1",
	  "The request succeeded and the content is the answer to it.",
	  SUCCESS },
	{ 201, "Created", "RFC 9110 §15.3.2",
	  "The request made a new resource, named by Location.",
	  SUCCESS | T_LOCATION },
	{ 202, "Accepted", "RFC 9110 §15.3.3",
	  "The request was taken for processing that has not finished, and may never.",
	  SUCCESS },
	{ 203, "Non-Authoritative Information", "RFC 9110 §15.3.4",
	  "A transforming proxy changed the origin's 200 content on its way.",
	  SUCCESS },
	{ 204, "No Content", "RFC 9110 §15.3.5",
	  "The request succeeded and there is nothing more to send.",
	  SUCCESS | T_NO_BODY },
	{ 205, "Reset Content", "RFC 9110 §15.3.6",
	  "The request succeeded; the client should clear the form that sent it.",
	  T_NO_BODY | T_ZERO_LENGTH },
	{ 206, "Partial Content", "RFC 9110 §15.3.7",
	  "The content is only the part of the representation named by Content-Range.",
	  SUCCESS | T_RANGE },
	{ 207, "Multi-Status", "RFC 4918 §11.1",
	  "A WebDAV answer holding a separate status for each of several resources.",
	  SUCCESS },
	{ 208, "Already Reported", "RFC 5842 §7.1",
	  "Members of this WebDAV binding were listed earlier in the same answer.",
	  SUCCESS },
	{ 226, "IM Used", "RFC 3229 §10.4.1",
	  "The content is the result of instance manipulations (a delta) on the resource.",
	  SUCCESS },
	{ 300, "Multiple Choices", "RFC 9110 §15.4.1",
	  "The resource has several representations and the client may pick one.",
	  T_LOCATION_OPT | T_RETRY_OPT },
	{ 301, "Moved Permanently", "RFC 9110 §15.4.2",
	  "The resource has a new permanent address, given in Location.",
	  REDIRECT },
	{ 302, "Found", "RFC 9110 §15.4.3",
	  "The resource is for now at the address in Location.",
	  REDIRECT },
	{ 303, "See Other", "RFC 9110 §15.4.4",
	  "The answer is at another address, to be fetched with GET.",
	  REDIRECT },
	{ 304, "Not Modified", "RFC 9110 §15.4.5",
	  "The client's cached copy is still good, so no content is sent.",
	  T_NO_BODY | T_VALIDATORS },
	{ 305, "Use Proxy", "RFC 9110 §15.4.6",
	  "Deprecated: once told the client to go through the proxy in Location.",
	  REDIRECT },
	{ 306, "Unused", "RFC 9110 §15.4.7",
	  "Reserved: a code from an old draft that no longer means anything.",
	  T_LOCATION_OPT | T_RETRY_OPT },
	{ 307, "Temporary Redirect", "RFC 9110 §15.4.8",
	  "The resource is for now at Location; repeat the request there unchanged.",
	  REDIRECT },
	{ 308, "Permanent Redirect", "RFC 9110 §15.4.9",
	  "The resource has moved to Location for good; repeat the request there unchanged.",
	  REDIRECT },
	{ 400, "Bad Request", "RFC 9110 §15.5.1",
	  "The server will not handle the request because of something the client got wrong.",
	  0 },
	{ 401, "Unauthorized", "RFC 9110 §15.5.2",
	  "The request needs credentials for the scheme in WWW-Authenticate.",
	  T_WWW_AUTH },
	{ 402, "Payment Required", "RFC 9110 §15.5.3",
	  "Reserved for future use; services use it when payment is needed.",
	  0 },
	{ 403, "Forbidden", "RFC 9110 §15.5.4",
	  "The server understood the request and refuses it; credentials will not help.",
	  0 },
	{ 404, "Not Found", "RFC 9110 §15.5.5",
	  "The server has no current representation for the target, or will not say.",
	  0 },
	{ 405, "Method Not Allowed", "RFC 9110 §15.5.6",
	  "The target does not support this method; Allow lists those it does.",
	  T_ALLOW },
	{ 406, "Not Acceptable", "RFC 9110 §15.5.7",
	  "No representation matches what the request's Accept headers allow.",
	  0 },
	{ 407, "Proxy Authentication Required", "RFC 9110 §15.5.8",
	  "The proxy needs credentials for the scheme in Proxy-Authenticate.",
	  T_PROXY_AUTH },
	{ 408, "Request Timeout", "RFC 9110 §15.5.9",
	  "The server gave up waiting for the complete request.",
	  0 },
	{ 409, "Conflict", "RFC 9110 §15.5.10",
	  "The request clashes with the current state of the resource.",
	  0 },
	{ 410, "Gone", "RFC 9110 §15.5.11",
	  "The resource was here and is gone for good, with no forwarding address.",
	  0 },
	{ 411, "Length Required", "RFC 9110 §15.5.12",
	  "The server wants a Content-Length on this request.",
	  0 },
	{ 412, "Precondition Failed", "RFC 9110 §15.5.13",
	  "A condition in the request headers (If-Match and the like) was false.",
	  0 },
	{ 413, "Content Too Large", "RFC 9110 §15.5.14",
	  "The request content is larger than the server will take.",
	  T_RETRY_OPT },
	{ 414, "URI Too Long", "RFC 9110 §15.5.15",
	  "The target URI is longer than the server will read.",
	  0 },
	{ 415, "Unsupported Media Type", "RFC 9110 §15.5.16",
	  "The content is in a format or coding the target does not accept.",
	  0 },
	{ 416, "Range Not Satisfiable", "RFC 9110 §15.5.17",
	  "None of the requested ranges overlap the representation; Content-Range gives its length.",
	  T_RANGE_UNSAT },
	{ 417, "Expectation Failed", "RFC 9110 §15.5.18",
	  "The server cannot meet the request's Expect header.",
	  0 },
	{ 418, "I'm a teapot", "RFC 9110 §15.5.19",
	  "Reserved after an April Fools' RFC (2324); it has no meaning in HTTP.",
	  0 },
	{ 421, "Misdirected Request", "RFC 9110 §15.5.20",
	  "The request reached a server that cannot answer for this scheme and authority.",
	  0 },
	{ 422, "Unprocessable Content", "RFC 9110 §15.5.21",
	  "The content is well formed but its instructions cannot be carried out.",
	  0 },
	{ 423, "Locked", "RFC 4918 §11.3",
	  "The WebDAV resource is locked.",
	  0 },
	{ 424, "Failed Dependency", "RFC 4918 §11.4",
	  "The WebDAV method failed because an action it depended on failed.",
	  0 },
	{ 425, "Too Early", "RFC 8470 §5.2",
	  "The server will not risk a request sent in TLS early data, which may be replayed.",
	  0 },
	{ 426, "Upgrade Required", "RFC 9110 §15.5.22",
	  "The server will answer only after a switch to a protocol named in Upgrade.",
	  T_UPGRADE },
	{ 428, "Precondition Required", "RFC 6585 §3",
	  "The server wants this request to be conditional, to prevent lost updates.",
	  0 },
	{ 429, "Too Many Requests", "RFC 6585 §4",
	  "The client sent too many requests; Retry-After says when to try again.",
	  T_RETRY },
	{ 431, "Request Header Fields Too Large", "RFC 6585 §5",
	  "One header, or all of them together, is larger than the server will read.",
	  0 },
	{ 451, "Unavailable For Legal Reasons", "RFC 7725 §3",
	  "A legal demand keeps the server from giving out this resource.",
	  0 },
	{ 500, "Internal Server Error", "RFC 9110 §15.6.1",
	  "Something unexpected kept the server from completing the request.",
	  0 },
	{ 501, "Not Implemented", "RFC 9110 §15.6.2",
	  "The server does not support what the request needs, such as its method.",
	  0 },
	{ 502, "Bad Gateway", "RFC 9110 §15.6.3",
	  "A gateway or proxy got an invalid answer from the server behind it.",
	  0 },
	{ 503, "Service Unavailable", "RFC 9110 §15.6.4",
	  "The server cannot answer now, from overload or maintenance; Retry-After says when.",
	  T_RETRY },
	{ 504, "Gateway Timeout", "RFC 9110 §15.6.5",
	  "A gateway or proxy gave up waiting for the server behind it.",
	  0 },
	{ 505, "HTTP Version Not Supported", "RFC 9110 §15.6.6",
	  "The server will not speak the HTTP version of the request.",
	  0 },
	{ 506, "Variant Also Negotiates", "RFC 2295 §8.1",
	  "Content negotiation is misconfigured: the chosen variant negotiates too.",
	  0 },
	{ 507, "Insufficient Storage", "RFC 4918 §11.5",
	  "The server has no room to store what the WebDAV request needs.",
	  0 },
	{ 508, "Loop Detected", "RFC 5842 §7.2",
	  "The server stopped a WebDAV request that would loop forever.",
	  0 },
	{ 510, "Not Extended", "RFC 2774 §7",
	  "Obsolete: the request lacked an HTTP extension the server required.",
	  0 },
	{ 511, "Network Authentication Required", "RFC 6585 §6",
	  "The network (a captive portal, say) wants the client to log in first.",
	  0 },
};

static const struct status_class classes[] = {
	{ "Informational",
	  "An interim answer: the request was received and goes on." },
	{ "Successful",
	  "The request was received, understood and accepted." },
	{ "Redirection",
	  "The client must take further action, often at another address." },
	{ "Client Error",
	  "The request is wrong or cannot be met as sent." },
	{ "Server Error",
	  "The server failed to answer a request that looks valid." },
};

const struct status *
status_find(unsigned code)
{
	size_t	 lo = 0, hi = sizeof(table) / sizeof(table[0]), mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (table[mid].code == code)
			return &table[mid];
		if (table[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct status_class *
status_class(unsigned code)
{
	return &classes[code / 100 - 1];
}

void
status_get(unsigned code, struct status *out)
{
	const struct status *s = status_find(code);

	if (s != NULL) {
		*out = *s;
		return;
	}
	/* RFC 9110 §15: unrecognised codes are read as the class's x00. */
	out->code = (unsigned short)code;
	out->phrase = status_class(code)->name;
	out->ref = "RFC 9110 §15";
	switch (code / 100) {
	case 1:
		out->desc = "Not registered: read it as 100, an interim answer.";
		out->flags = T_NO_BODY;
		break;
	case 2:
		out->desc = "Not registered: read it as 200, a success.";
		out->flags = 0;
		break;
	case 3:
		out->desc = "Not registered: read it as 300, a redirection.";
		out->flags = T_LOCATION_OPT | T_RETRY_OPT;
		break;
	case 4:
		out->desc = "Not registered: read it as 400, a client error.";
		out->flags = 0;
		break;
	default:
		out->desc = "Not registered: read it as 500, a server error.";
		out->flags = 0;
		break;
	}
}

const struct status *
status_all(unsigned *n)
{
	*n = (unsigned)(sizeof(table) / sizeof(table[0]));
	return table;
}
