/* SPDX-License-Identifier: ISC */
/*
 * test_hook.h - a hook of test builds only (STATUSCGI_TEST_HOOKS:
 * build/hook/status.cgi and the ASan+UBSan build), never of one that is
 * installed: strangers choose a request's params. test_hook() runs in a
 * FastCGI worker process's loop thread, for each request it reads
 * (fcgi_serve.c), once the sandbox is on.
 */
#ifndef STATUSCGI_TEST_HOOK_H
#define STATUSCGI_TEST_HOOK_H

#include "http/request.h"

#ifdef STATUSCGI_TEST_HOOKS
/*
 * A request whose STATUSCGI_TEST_SYSCALL param is a system call number
 * makes the thread serving it make that call, every argument 0, as a
 * worker taken over by a hostile request would (tests/sandbox). Returns
 * at once for any other request, and when the call returns.
 */
void	test_hook(const struct input *in);
#endif

#endif
