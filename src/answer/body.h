/* SPDX-License-Identifier: ISC */
/*
 * body.h - the content of generated answers: text, HTML or JSON. Pure
 * functions, run by whichever process or thread serves a request (a CGI
 * process, or a FastCGI worker process's loop thread) or, for --list, by
 * main.c at start-up; they touch only the buffer they are given.
 */
#ifndef STATUSCGI_BODY_H
#define STATUSCGI_BODY_H

#include "buf.h"
#include "answer/fmt.h"
#include "answer/head.h"
#include "http/table.h"

/* The most content one answer has. */
#define BODY_MAX	 (2 * 1024 * 1024)

/* Returns the Content-Type of fmt; never NULL. */
const char *fmt_type(enum fmt);

/*
 * Picks a format from an Accept value (RFC 9110 §12.5.1): the highest
 * q among text/plain, text/html and application/json, ties going in that
 * order; no or an unusable Accept gives text. Never fails.
 */
enum fmt fmt_negotiate(const char *accept);

/*
 * Describes the final answer: its code, reason, class, description and
 * the headers sent, and the interim answer if any; why, when not NULL,
 * says what in the request caused this status. script is the SCRIPT_NAME
 * for links back (may be NULL). Returns 0, or -1 when b overflows.
 */
int	body_status(struct buf *b, enum fmt, const struct head *final,
	    const struct status *st, const struct head *interim,
	    const char *why, const char *script);

/*
 * Starts an HTML page: its head up to the text of its <title>, with the
 * stylesheet of script (may be NULL). Never fails; b records overflow.
 */
void	html_top(struct buf *b, const char *script);

/* Appends the html-escaped s (& < > " ') to b. Returns 0 or -1. */
int	html_escape(struct buf *b, const char *s);

/* Appends s as a JSON string, quotes included (RFC 8259 §7). 0 or -1. */
int	json_string(struct buf *b, const char *s);

#endif
