/*
 * sandbox.h - seccomp filters (libseccomp): once a process has set up,
 * it keeps only the system calls its work needs; any other kills it with
 * SIGSYS (SECCOMP_RET_KILL_PROCESS).
 */
#ifndef STATUSCGI_SANDBOX_H
#define STATUSCGI_SANDBOX_H

#include <stddef.h>

enum sandbox_mode {
	SANDBOX_CGI,		/* a CGI or NPH process, before parsing */
	SANDBOX_SUPERVISOR,	/* the FastCGI supervisor, before forking */
	SANDBOX_WORKER		/* a FastCGI worker, once its threads run */
};

/*
 * Whether the sandbox is on: 1 unless the environment says
 * STATUSCGI_SANDBOX=off; 0 then. Returns -1 for any other value than
 * "on", "off" or empty.
 */
int	sandbox_wanted(void);

/*
 * mode's filter, ready for seccomp_load() or seccomp_export_bpf(); the
 * caller releases it (seccomp_release()). Returns NULL if libseccomp
 * cannot make it (no memory, an unknown architecture).
 */
void	*sandbox_filter(enum sandbox_mode);

/*
 * Sets PR_SET_NO_NEW_PRIVS, then installs mode's filter on the calling
 * process (SANDBOX_WORKER: on every thread of it). Does nothing when
 * sandbox_wanted() is 0. Returns 0, or -1 with err (size n) saying why
 * (the process is then not sandboxed, or only partly: it must not serve).
 */
int	sandbox_enter(enum sandbox_mode, char *err, size_t n);

#endif
