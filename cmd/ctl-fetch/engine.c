/*
 * engine.c - the transfer engine of ctl-fetch: a reader thread feeds rows
 * through a small bounded queue, the main thread keeps at most `window'
 * rows in slots, each slot with its own easy handle on one curl multi
 * handle, and a row leaves as soon as its URL chain is done (or, with
 * --keep-order, as soon as every row before it has left).  Memory is
 * bounded by the window and the queue, never by the number of phones.
 *
 * Why a thread: stdin may be a pipe from a stage that paces itself
 * (ctl-list-phones waits on CUCM's rate limit); a blocking read in the
 * transfer loop would let the timers of every phone in flight run out.
 *
 * Ownership: the queue owns rows until popped; a slot owns its row, its
 * URLs and its easy handle; rows are freed once written.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fetch.h"
#include "util.h"

/* Bodies above this are freed after the row rather than kept for reuse. */
#define KEEP_BODY	(64 * 1024)
/* Longest a finished row waits in the stdio buffer. */
#define FLUSH_MS	100

static const char *const own_cols[] = {
	"url", "fetch_status", "http_code", "fetch_ms", "fetch_error",
	"content_type", "body"
};
#define NOWN	(sizeof(own_cols) / sizeof(own_cols[0]))

/* The rows between the reader thread and the engine. */
struct queue {
	pthread_mutex_t	 mu;
	pthread_cond_t	 room;
	char		***rows;
	size_t		 cap, head, len;
	int		 eof;		/* the reader is done */
	int		 failed;	/* ... because of bad input */
	int		 syserr;	/* ... because of a read error */
	char		 err[256];
	struct tsv_reader *r;
	CURLM		*multi;		/* woken when a row arrives */
};

struct slot {
	char		**row;
	int		 busy;		/* holds a row */
	int		 done;		/* finished, waiting its turn */
	size_t		 next;		/* next template to try */
	struct http_xfer x;
	char		*url;		/* being fetched */
	struct http_result best;	/* the attempt the row reports */
	char		*best_url;
	char		*ctype;
	int		 why;		/* TMPL_* of unbuilt templates */
	long long	 t0;
	long long	 ms;
};

struct engine {
	const struct config *cf;
	struct tsv_layout layout;
	CURLM		*multi;
	struct slot	*slots;
	size_t		*freelist, nfree;
	size_t		 busy;
	unsigned long long seq_in, seq_out;	/* --keep-order ring */
	unsigned long long done, ok, failed, total;
	long long	 start, last_progress;
	long long	 last_flush;
	int		 dirty;		/* rows written since the last flush */
};

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *
reader_main(void *arg)
{
	struct queue *q = arg;
	char **row;
	int rc;

	for (;;) {
		rc = tsv_read(q->r);
		row = rc == 1 ? tsv_row_dup(q->r) : NULL;
		pthread_mutex_lock(&q->mu);
		if (rc != 1) {
			q->eof = 1;
			if (rc == -1) {
				q->failed = 1;
				q->syserr = q->r->syserr;
				snprintf(q->err, sizeof(q->err), "%s",
				    q->r->err);
			}
			pthread_mutex_unlock(&q->mu);
			curl_multi_wakeup(q->multi);
			return NULL;
		}
		while (q->len == q->cap)
			pthread_cond_wait(&q->room, &q->mu);
		q->rows[(q->head + q->len++) % q->cap] = row;
		pthread_mutex_unlock(&q->mu);
		curl_multi_wakeup(q->multi);
	}
}

/* Take a row if one is there: 1 row, 0 none yet, -1 no more. */
static int
queue_pop(struct queue *q, char ***row)
{
	int rc;

	pthread_mutex_lock(&q->mu);
	if (q->len > 0) {
		*row = q->rows[q->head];
		q->head = (q->head + 1) % q->cap;
		q->len--;
		pthread_cond_signal(&q->room);
		rc = 1;
	} else if (q->failed)
		die(q->syserr ? EXIT_SYSTEM : EXIT_USAGE, "%s", q->err);
	else
		rc = q->eof ? -1 : 0;
	pthread_mutex_unlock(&q->mu);
	return rc;
}

static int
is_failure(const char *status)
{
	return strcmp(status, "ok") != 0 && strcmp(status, "skipped") != 0 &&
	    strcmp(status, "no_ip") != 0;
}

static void
write_row(struct engine *e, struct slot *s)
{
	const char *vals[NOWN];
	size_t lens[NOWN], i;
	char code[24] = "", ms[32];
	int ok = strcmp(s->best.status, "ok") == 0;

	if (s->best.code > 0)
		snprintf(code, sizeof(code), "%ld", s->best.code);
	snprintf(ms, sizeof(ms), "%lld", s->ms);
	vals[0] = s->best_url;
	vals[1] = s->best.status;
	vals[2] = code;
	vals[3] = ms;
	vals[4] = s->best.error;
	vals[5] = ok ? s->ctype : NULL;
	vals[6] = ok ? s->x.body.data : NULL;
	for (i = 0; i < NOWN; i++)
		lens[i] = vals[i] != NULL ? strlen(vals[i]) : 0;
	lens[6] = ok ? s->x.body.len : 0;
	tsv_layout_row(&e->layout, s->row, vals, lens, stdout);
	e->dirty = 1;
	if (ferror(stdout))
		die_errno(EXIT_SYSTEM, "write error");
	e->done++;
	if (ok)
		e->ok++;
	else if (is_failure(s->best.status))
		e->failed++;
}

static void
release(struct engine *e, struct slot *s)
{
	free(s->row);
	free(s->url);
	free(s->best_url);
	free(s->ctype);
	s->row = NULL;
	s->url = s->best_url = s->ctype = NULL;
	http_xfer_reset(&s->x);
	if (s->x.body.cap > KEEP_BODY)
		buf_free(&s->x.body);
	s->busy = s->done = 0;
	e->busy--;
	if (!e->cf->keep_order)
		e->freelist[e->nfree++] = (size_t)(s - e->slots);
}

/* Write every finished row whose turn has come. */
static void
flush_rows(struct engine *e, struct slot *s)
{
	if (!e->cf->keep_order) {
		write_row(e, s);
		release(e, s);
		return;
	}
	while (e->seq_out < e->seq_in) {
		s = &e->slots[e->seq_out % e->cf->window];
		if (!s->done)
			break;
		write_row(e, s);
		release(e, s);
		e->seq_out++;
	}
}

static void
finish(struct engine *e, struct slot *s)
{
	if (s->best.rank == HTTP_RANK_NONE) {
		/* Nothing was tried: no template could be built. */
		switch (s->why) {
		case TMPL_NO_IP:
			snprintf(s->best.status, sizeof(s->best.status),
			    "no_ip");
			snprintf(s->best.error, sizeof(s->best.error),
			    "no ip address");
			break;
		case TMPL_BAD_IP:
			snprintf(s->best.status, sizeof(s->best.status),
			    "bad_ip");
			snprintf(s->best.error, sizeof(s->best.error),
			    "ip is not an IPv4 or IPv6 address");
			break;
		case TMPL_TOO_LONG:
			snprintf(s->best.status, sizeof(s->best.status),
			    "no_url");
			snprintf(s->best.error, sizeof(s->best.error),
			    "url too long");
			break;
		default:
			snprintf(s->best.status, sizeof(s->best.status),
			    "no_url");
			snprintf(s->best.error, sizeof(s->best.error),
			    "a column the url templates need is empty");
			break;
		}
	}
	s->ms = s->t0 != 0 ? now_ms() - s->t0 : 0;
	s->done = 1;
	flush_rows(e, s);
}

/* Start the next URL of the chain that can be built; 0 if none is left. */
static int
start_next(struct engine *e, struct slot *s)
{
	const struct config *cf = e->cf;
	CURLMcode mc;
	char *url;
	int why;

	while (s->next < cf->ntmpls) {
		why = tmpl_expand(&cf->tmpls[s->next++], s->row, cf->col_ip,
		    &url);
		if (why != TMPL_OK) {
			/* The most specific reason wins: ip problems. */
			if (s->why == TMPL_OK || why < s->why)
				s->why = why;
			continue;
		}
		free(s->url);
		s->url = url;
		http_xfer_reset(&s->x);
		if (curl_easy_setopt(s->x.easy, CURLOPT_URL, url) != CURLE_OK)
			die(EXIT_SYSTEM, "out of memory");
		if (s->t0 == 0)
			s->t0 = now_ms();
		if ((mc = curl_multi_add_handle(e->multi, s->x.easy)) !=
		    CURLM_OK)
			die(EXIT_SYSTEM, "curl_multi_add_handle: %s",
			    curl_multi_strerror(mc));
		return 1;
	}
	return 0;
}

static void
admit(struct engine *e, struct slot *s, char **row)
{
	const struct config *cf = e->cf;

	s->row = row;
	s->busy = 1;
	s->done = 0;
	s->next = 0;
	s->why = TMPL_OK;
	s->t0 = 0;
	memset(&s->best, 0, sizeof(s->best));
	e->busy++;
	if (cf->col_httpd >= 0 && httpd_off(row[cf->col_httpd])) {
		snprintf(s->best.status, sizeof(s->best.status), "skipped");
		snprintf(s->best.error, sizeof(s->best.error),
		    "httpd says the web server is off");
		s->best.rank = HTTP_RANK_ERROR;
		finish(e, s);
		return;
	}
	if (!start_next(e, s))
		finish(e, s);
}

/* A free slot, or NULL when the window is full. */
static struct slot *
free_slot(struct engine *e)
{
	struct slot *s;

	if (e->cf->keep_order) {
		if (e->seq_in - e->seq_out >= e->cf->window)
			return NULL;
		s = &e->slots[e->seq_in % e->cf->window];
		return s->busy ? NULL : s;
	}
	return e->nfree > 0 ? &e->slots[e->freelist[e->nfree - 1]] : NULL;
}

/* Fill the window; returns 0 once the input is exhausted. */
static int
fill(struct engine *e, struct queue *q)
{
	struct slot *s;
	char **row;
	int rc;

	while ((s = free_slot(e)) != NULL) {
		if ((rc = queue_pop(q, &row)) <= 0)
			return rc == 0;
		if (!e->cf->keep_order)
			e->nfree--;
		e->seq_in++;
		admit(e, s, row);
	}
	return 1;
}

static void
attempt_done(struct engine *e, struct slot *s, CURLcode rc)
{
	struct http_result r;
	char *ct = NULL;

	curl_multi_remove_handle(e->multi, s->x.easy);
	if (http_result(&s->x, rc, &r) == -1)
		die(EXIT_SYSTEM, "%s: %s", s->url, r.error);
	if (r.rank > s->best.rank) {
		s->best = r;
		free(s->best_url);
		s->best_url = xstrdup(s->url);
		if (r.rank == HTTP_RANK_OK) {
			curl_easy_getinfo(s->x.easy, CURLINFO_CONTENT_TYPE,
			    &ct);
			s->ctype = ct != NULL ? xstrndup(ct, 200) : NULL;
			if (s->ctype != NULL)
				utf8_clean(s->ctype);
		}
	}
	if (r.final || !start_next(e, s))
		finish(e, s);
}

static void
progress(struct engine *e, int last)
{
	long long t = now_ms(), el;
	double rate;
	char total[32] = "?", eta[32] = "";

	if (!e->cf->progress || (!last && t - e->last_progress < 250))
		return;
	e->last_progress = t;
	el = t - e->start;
	rate = el > 0 ? (double)e->done * 1000.0 / (double)el : 0;
	if (e->total > 0) {
		snprintf(total, sizeof(total), "%llu", e->total);
		if (rate > 0 && e->total > e->done)
			snprintf(eta, sizeof(eta), ", eta %.0fs",
			    (double)(e->total - e->done) / rate);
	}
	fprintf(stderr, "\r%s: %llu/%s done, %llu ok, %llu failed, "
	    "%.0f/s%s\033[K%s", ctl_prog(), e->done, total, e->ok,
	    e->failed, rate, eta, last ? "\n" : "");
}

/*
 * Rows in a regular file on stdin, for the progress line's total.  The
 * reader has buffered ahead already, so count the whole file.
 */
static unsigned long long
count_rows(void)
{
	struct stat st;
	char b[65536];
	off_t off;
	ssize_t n, i;
	unsigned long long lines = 0;

	if (fstat(STDIN_FILENO, &st) == -1 || !S_ISREG(st.st_mode))
		return 0;
	off = 0;
	while ((n = pread(STDIN_FILENO, b, sizeof(b), off)) > 0) {
		for (i = 0; i < n; i++)
			lines += b[i] == '\n';
		off += n;
	}
	return lines > 0 ? lines - 1 : 0;
}

/*
 * Rows leave as they finish: before waiting, push out what was written
 * at most FLUSH_MS ago, so a reader downstream is never kept waiting
 * for a full stdio buffer.  Returns how long the wait may last.
 */
static int
flush(struct engine *e)
{
	long long t;

	if (!e->dirty)
		return 1000;
	t = now_ms();
	if (t - e->last_flush < FLUSH_MS)
		return FLUSH_MS;
	if (fflush(stdout) == EOF)
		die_errno(EXIT_SYSTEM, "write error");
	e->dirty = 0;
	e->last_flush = t;
	return 1000;
}

static void
loop(struct engine *e, struct queue *q)
{
	CURLMsg *m;
	CURLMcode mc;
	int running, left, more = 1;

	for (;;) {
		if (more)
			more = fill(e, q);
		if (!more && e->busy == 0)
			break;
		if ((mc = curl_multi_perform(e->multi, &running)) != CURLM_OK)
			die(EXIT_SYSTEM, "curl_multi_perform: %s",
			    curl_multi_strerror(mc));
		while ((m = curl_multi_info_read(e->multi, &left)) != NULL) {
			struct http_xfer *x;

			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE,
			    (char **)&x);
			attempt_done(e, (struct slot *)((char *)x -
			    offsetof(struct slot, x)), m->data.result);
		}
		progress(e, 0);
		if (more)
			more = fill(e, q);
		if (!more && e->busy == 0)
			break;
		if ((mc = curl_multi_poll(e->multi, NULL, 0, flush(e), NULL)) !=
		    CURLM_OK)
			die(EXIT_SYSTEM, "curl_multi_poll: %s",
			    curl_multi_strerror(mc));
	}
}

int
engine_run(const struct config *cf, struct tsv_reader *r)
{
	struct engine e;
	struct queue q;
	pthread_t th;
	size_t i;

	memset(&e, 0, sizeof(e));
	e.cf = cf;
	if ((e.multi = curl_multi_init()) == NULL)
		die(EXIT_SYSTEM, "out of memory");
	curl_multi_setopt(e.multi, CURLMOPT_MAXCONNECTS, (long)cf->window);
	tsv_layout_init(&e.layout, r, own_cols, NOWN, NULL, 0);
	tsv_layout_header(&e.layout, r, stdout);
	e.slots = xcalloc(cf->window, sizeof(*e.slots));
	e.freelist = xcalloc(cf->window, sizeof(*e.freelist));
	for (i = 0; i < cf->window; i++) {
		http_xfer_init(&e.slots[i].x, &cf->http);
		e.freelist[cf->window - 1 - i] = i;
	}
	e.nfree = cf->window;
	e.start = now_ms();
	if (cf->progress)
		e.total = count_rows();

	memset(&q, 0, sizeof(q));
	pthread_mutex_init(&q.mu, NULL);
	pthread_cond_init(&q.room, NULL);
	q.cap = cf->window < 64 ? 64 : cf->window;
	q.rows = xcalloc(q.cap, sizeof(*q.rows));
	q.r = r;
	q.multi = e.multi;
	if (pthread_create(&th, NULL, reader_main, &q) != 0)
		die(EXIT_SYSTEM, "cannot start the reader thread");

	loop(&e, &q);
	progress(&e, 1);

	pthread_join(th, NULL);
	pthread_mutex_destroy(&q.mu);
	pthread_cond_destroy(&q.room);
	free(q.rows);
	for (i = 0; i < cf->window; i++)
		http_xfer_free(&e.slots[i].x);
	free(e.slots);
	free(e.freelist);
	tsv_layout_free(&e.layout);
	curl_multi_cleanup(e.multi);
	return e.failed > 0 ? EXIT_FINDINGS : EXIT_OK;
}
