/* SPDX-License-Identifier: ISC */
/*
 * sock.c - listening sockets for FastCGI: opening one from --listen,
 * telling one on an inherited fd, and which peers may connect
 * (FCGI_WEB_SERVER_ADDRS). Runs in the process main.c starts, before any
 * worker exists, except sock_peer_ok(), which loop threads call on the
 * address of a connection they accepted; it reads only its arguments.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "fastcgi/sock.h"

/* Connections waiting to be accepted (Linux caps it at somaxconn, 4096 by
 * default): a web server may open thousands at once. */
#define BACKLOG	4096

int
sock_is_listener(int fd)
{
	int		 v = 0;
	socklen_t	 len = sizeof(v);

	return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &v, &len) == 0 && v;
}

/* ---- opening a socket ------------------------------------------------ */

static int
listen_unix(const char *path, unsigned mode, char *err, size_t n)
{
	struct sockaddr_un sa;
	struct stat	 st;
	int		 fd;

	if (strlen(path) >= sizeof(sa.sun_path) || path[0] != '/') {
		snprintf(err, n, "unix socket path must be absolute and "
		    "shorter than %zu bytes", sizeof(sa.sun_path));
		return -1;
	}
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			snprintf(err, n, "%s exists and is not a socket", path);
			return -1;
		}
		unlink(path);		/* a stale socket from an earlier run */
	}
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    chmod(path, (mode_t)mode) == -1 || listen(fd, BACKLOG) == -1) {
		snprintf(err, n, "%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	return fd;
}

/*
 * Puts the address of host into sa: a numeric IPv4 or IPv6 address, or a
 * name from /etc/hosts. No DNS and no NSS: the program is linked
 * statically, and a listening address should not depend on either.
 * Returns 0, or -1 if host is neither.
 */
static int
resolve(const char *host, unsigned port, struct sockaddr_storage *sa,
    socklen_t *len)
{
	struct sockaddr_in	*in4 = (struct sockaddr_in *)sa;
	struct sockaddr_in6	*in6 = (struct sockaddr_in6 *)sa;
	char			 line[512], *p, *addr, *name;
	FILE			*f;
	int			 found = -1;

	memset(sa, 0, sizeof(*sa));
	if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)port);
		*len = sizeof(*in4);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*in6);
		return 0;
	}
	if ((f = fopen("/etc/hosts", "r")) == NULL)
		return -1;
	while (found == -1 && fgets(line, sizeof(line), f) != NULL) {
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		if ((addr = strtok(line, " \t\r\n")) == NULL)
			continue;
		while (found == -1 && (name = strtok(NULL, " \t\r\n")) != NULL)
			if (strcasecmp(name, host) == 0)
				found = resolve(addr, port, sa, len);
	}
	fclose(f);
	return found;
}

static int
listen_inet(const char *spec, char *err, size_t n)
{
	struct sockaddr_storage sa;
	socklen_t	 salen;
	char		 host[256];
	const char	*port, *h = spec;
	size_t		 hn, i;
	unsigned	 pn = 0;
	int		 fd, one = 1;

	if (spec[0] == '[') {
		h = spec + 1;
		hn = strcspn(h, "]");
		port = h[hn] == ']' && h[hn + 1] == ':' ? h + hn + 2 : NULL;
	} else {
		port = strrchr(spec, ':');
		hn = port != NULL ? (size_t)(port - spec) : 0;
		if (port != NULL)
			port++;
	}
	if (port == NULL || *port == '\0' || hn == 0 || hn >= sizeof(host) ||
	    strspn(port, "0123456789") != strlen(port) || strlen(port) > 5) {
		snprintf(err, n, "--listen takes unix:/path, host:port or "
		    "[v6addr]:port, not \"%s\"", spec);
		return -1;
	}
	for (i = 0; port[i] != '\0'; i++)
		pn = pn * 10 + (unsigned)(port[i] - '0');
	memcpy(host, h, hn);
	host[hn] = '\0';
	if (pn == 0 || pn > 65535) {
		snprintf(err, n, "--listen: port %s is not 1 to 65535", port);
		return -1;
	}
	if (resolve(host, pn, &sa, &salen) == -1) {
		snprintf(err, n, "cannot resolve host \"%s\": give an IP "
		    "address, or a name in /etc/hosts", host);
		return -1;
	}
	if ((fd = socket(sa.ss_family, SOCK_STREAM, 0)) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1 ||
	    bind(fd, (struct sockaddr *)&sa, salen) == -1 ||
	    listen(fd, BACKLOG) == -1) {
		snprintf(err, n, "%s: %s", spec, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	return fd;
}

int
sock_listen(const char *spec, unsigned mode, char *err, size_t n)
{
	if (strncmp(spec, "unix:", 5) == 0)
		return listen_unix(spec + 5, mode, err, n);
	return listen_inet(spec, err, n);
}

/*
 * libfcgi's FCGX_OpenSocket() calls gethostbyname(); this program never
 * calls FCGX_OpenSocket() (it opens its own sockets, above). Linked with
 * -Wl,--wrap=gethostbyname, that reference lands here instead of on
 * glibc's resolver, which a static binary could only use with glibc's NSS
 * libraries at run time. Returns NULL: no host is found.
 */
struct hostent *__wrap_gethostbyname(const char *name);

struct hostent *
__wrap_gethostbyname(const char *name)
{
	(void)name;
	h_errno = HOST_NOT_FOUND;
	return NULL;
}

int
sock_peer_ok(const struct sockaddr *sa, const char *list)
{
	char		 ip[INET6_ADDRSTRLEN];
	const char	*p, *e;
	const void	*addr;
	size_t		 n;

	if (list == NULL || *list == '\0')
		return 1;
	if (sa->sa_family == AF_INET)
		addr = &((const struct sockaddr_in *)(const void *)sa)->sin_addr;
	else if (sa->sa_family == AF_INET6)
		addr = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
	else
		return 1;			/* a Unix socket: no address */
	if (inet_ntop(sa->sa_family, addr, ip, sizeof(ip)) == NULL)
		return 0;
	n = strlen(ip);
	for (p = list; *p != '\0'; p = *e == ',' ? e + 1 : e) {
		e = p + strcspn(p, ",");
		if ((size_t)(e - p) == n && strncmp(p, ip, n) == 0)
			return 1;
	}
	return 0;
}
