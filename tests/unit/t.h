/*
 * t.h - the smallest unit-test helper that does the job: T(cond, ...)
 * prints "ok - what" or "not ok - what (file:line)"; t_done() prints the
 * plan line and gives the exit status.  tests/unit.t reads the lines.
 */
#ifndef CTL_T_H
#define CTL_T_H

#include <stdarg.h>
#include <stdio.h>

static int t_n, t_failed;

static void t_result(int, const char *, int, const char *, ...)
	    __attribute__((format(printf, 4, 5)));

static void
t_result(int good, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	t_n++;
	if (!good)
		t_failed++;
	fputs(good ? "ok - " : "not ok - ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (!good)
		printf(" (%s:%d)", file, line);
	putchar('\n');
	fflush(stdout);
}

#define T(cond, ...) t_result(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

static int
t_done(void)
{
	printf("1..%d\n", t_n);
	return t_failed != 0;
}

#endif
