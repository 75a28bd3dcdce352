/* SPDX-License-Identifier: ISC */
/*
 * page.h - the front page: the index of every code and the form. Pure:
 * runs in whichever process or thread serves a request, or for --list in
 * main.c at start-up; touches only the buffer it is given.
 */
#ifndef STATUSCGI_PAGE_H
#define STATUSCGI_PAGE_H

#include "buf.h"
#include "answer/fmt.h"

/*
 * Lists every registered code in format f, with the form in HTML; script
 * is the SCRIPT_NAME for links (may be NULL). Returns 0, or -1 when b
 * overflows.
 */
int	page_index(struct buf *b, enum fmt f, const char *script);

#endif
