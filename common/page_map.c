/*
 * page_map.c - the one table of element names and labels ctl-parse knows,
 * per output column, and the mapping files that extend it.  Owned by the
 * ctl-parse engineer.
 *
 * Names and labels share one table because both are compared after the
 * same normalisation (page_key): "TFTP server 1", "TFTPServer1" and
 * "tftp_server_1" are one key.  Earlier entries win over later ones for
 * the same column, and a user's mappings come before the built-in ones.
 * The localised labels are best effort: Cisco publishes no list.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page.h"
#include "util.h"

static const char *const field_names[PF_NFIELDS + 1] = {
	"ctl_signature", "itl_signature", "tftp_server", "tftp_server2",
	"security_mode", "web_access", "host_name", "mac", "not_installed"
};

static const struct {
	int		 field;
	const char	*label;
} builtin[] = {
	/* CTL: the label a phone shows first, then what else it may say. */
	{ PF_CTL, "CTL signature" },
	{ PF_CTL, "CTL file signature" },
	{ PF_CTL, "CTL file" },
	{ PF_CTL, "CTL file MD5" },
	{ PF_CTL, "CTL hash" },
	{ PF_CTL, "CTL checksum" },
	{ PF_CTL, "CTL" },
	{ PF_CTL, "Signature CTL" },
	{ PF_CTL, "Fichier CTL" },
	{ PF_CTL, "CTL-Signatur" },
	{ PF_CTL, "CTL-Datei" },
	{ PF_CTL, "Archivo CTL" },
	/* ITL: "ITL signature" before "ITL file", which may say less. */
	{ PF_ITL, "ITL signature" },
	{ PF_ITL, "ITL file signature" },
	{ PF_ITL, "ITL file" },
	{ PF_ITL, "ITL file MD5" },
	{ PF_ITL, "ITL hash" },
	{ PF_ITL, "ITL checksum" },
	{ PF_ITL, "ITL" },
	{ PF_ITL, "Signature ITL" },
	{ PF_ITL, "Fichier ITL" },
	{ PF_ITL, "ITL-Signatur" },
	{ PF_ITL, "ITL-Datei" },
	{ PF_ITL, "Archivo ITL" },
	{ PF_TFTP1, "TFTP server 1" },
	{ PF_TFTP1, "TFTP server" },
	{ PF_TFTP1, "Serveur TFTP 1" },
	{ PF_TFTP1, "Servidor TFTP 1" },
	{ PF_TFTP2, "TFTP server 2" },
	{ PF_TFTP2, "Serveur TFTP 2" },
	{ PF_TFTP2, "Servidor TFTP 2" },
	{ PF_SECMODE, "Security mode" },
	{ PF_SECMODE, "Device security mode" },
	{ PF_SECMODE, "Mode de s\xc3\xa9" "curit\xc3\xa9" },
	{ PF_SECMODE, "Sicherheitsmodus" },
	{ PF_SECMODE, "Modo de seguridad" },
	{ PF_WEBACCESS, "Web access enabled" },
	{ PF_WEBACCESS, "Web access" },
	{ PF_WEBACCESS, "Acc\xc3\xa8s Web" },
	{ PF_WEBACCESS, "Webzugriff" },
	{ PF_WEBACCESS, "Acceso web" },
	{ PF_HOST, "Host name" },
	{ PF_HOST, "Nom d'h\xc3\xb4te" },
	{ PF_HOST, "Nom de l'h\xc3\xb4te" },
	{ PF_HOST, "Nombre de host" },
	{ PF_MAC, "MAC address" },
	{ PF_MAC, "Adresse MAC" },
	{ PF_MAC, "MAC-Adresse" },
	{ PF_MAC, "Direcci\xc3\xb3n MAC" },
	/* Values that mean "no file installed" (compared as keys too). */
	{ PF_ABSENT, "Not installed" },
	{ PF_ABSENT, "No CTL installed" },
	{ PF_ABSENT, "No ITL installed" },
	{ PF_ABSENT, "Not present" },
	{ PF_ABSENT, "Not available" },
	{ PF_ABSENT, "None" },
	{ PF_ABSENT, "N/A" },
	{ PF_ABSENT, "Non install\xc3\xa9" },
	{ PF_ABSENT, "Nicht installiert" },
	{ PF_ABSENT, "No instalado" },
};

const char *
page_field_name(int f)
{
	if (f < 0 || f > PF_ABSENT)
		return "?";
	return field_names[f];
}

int
page_field_lookup(const char *name)
{
	int f;

	for (f = 0; f <= PF_ABSENT; f++)
		if (strcmp(name, field_names[f]) == 0)
			return f;
	return -1;
}

static int
is_drop(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v' || c == '_' || c == '-' || c == ':';
}

int
page_key(const char *s, size_t n, char out[PAGE_KEYMAX + 1])
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = p[i];

		if (is_drop(c))
			continue;
		if (c == 0xc2 && i + 1 < n && p[i + 1] == 0xa0) {
			i++;	/* NO-BREAK SPACE */
			continue;
		}
		if (o + 2 > PAGE_KEYMAX)
			return -1;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + ('a' - 'A'));
		if (c == 0xc3 && i + 1 < n && p[i + 1] >= 0x80 &&
		    p[i + 1] <= 0x9e && p[i + 1] != 0x97) {
			/* Latin-1 capital letters: U+00C0..U+00DE. */
			out[o++] = (char)c;
			out[o++] = (char)(p[++i] + 0x20);
			continue;
		}
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return (int)o;
}

static unsigned
key_hash(const char *key, int absent)
{
	const unsigned char *p = (const unsigned char *)key;
	unsigned h = absent ? 0x811c9dc5u ^ 0xffu : 0x811c9dc5u;

	while (*p != '\0')
		h = (h ^ *p++) * 0x01000193u;	/* FNV-1a */
	return h;
}

static int
is_absent(const struct page_map_entry *e)
{
	return e->field == PF_ABSENT;
}

/* Rebuild the index; an earlier entry keeps its slot over a later one. */
static void
map_index(struct page_map *m)
{
	size_t i, j, mask;

	free(m->slot);
	for (m->nslot = 16; m->nslot < m->n * 4; m->nslot *= 2)
		;
	m->slot = xcalloc(m->nslot, sizeof(*m->slot));
	mask = m->nslot - 1;
	for (i = 0; i < m->n; i++) {
		const struct page_map_entry *e = &m->v[i];

		for (j = key_hash(e->key, is_absent(e)) & mask; m->slot[j] != 0;
		    j = (j + 1) & mask) {
			const struct page_map_entry *o = &m->v[m->slot[j] - 1];

			if (is_absent(o) == is_absent(e) &&
			    strcmp(o->key, e->key) == 0)
				break;
		}
		if (m->slot[j] == 0)
			m->slot[j] = (unsigned)i + 1;
	}
}

int
page_map_find(const struct page_map *m, const char *key, int absent)
{
	size_t j, mask;

	if (m->nslot == 0)
		return -1;
	mask = m->nslot - 1;
	for (j = key_hash(key, absent) & mask; m->slot[j] != 0;
	    j = (j + 1) & mask) {
		const struct page_map_entry *e = &m->v[m->slot[j] - 1];

		if (is_absent(e) == absent && strcmp(e->key, key) == 0)
			return (int)(m->slot[j] - 1);
	}
	return -1;
}

static void
map_insert(struct page_map *m, size_t at, int field, const char *key,
    int user)
{
	m->v = xreallocarray(m->v, m->n + 1, sizeof(*m->v));
	memmove(m->v + at + 1, m->v + at, (m->n - at) * sizeof(*m->v));
	m->v[at].field = field;
	m->v[at].key = xstrdup(key);
	m->v[at].user = user;
	m->n++;
}

void
page_map_init(struct page_map *m)
{
	char key[PAGE_KEYMAX + 1];
	size_t i;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++) {
		if (page_key(builtin[i].label, strlen(builtin[i].label),
		    key) <= 0)
			die(EXIT_SYSTEM, "built-in label too long: %s",
			    builtin[i].label);
		map_insert(m, m->n, builtin[i].field, key, 0);
	}
	map_index(m);
}

/* Parse one mapping line; 1 added, 0 nothing on it, -1 err set. */
static int
map_line(struct page_map *m, size_t *nuser, char *line, char *err,
    size_t errlen)
{
	char key[PAGE_KEYMAX + 1], *p, *label, *end;
	int field, klen;

	for (p = line; *p == ' ' || *p == '\t'; p++)
		;
	if (*p == '\0' || *p == '#')
		return 0;
	for (label = p; *label != '\0' && *label != ' ' && *label != '\t';
	    label++)
		;
	if (*label == '\0') {
		snprintf(err, errlen, "no name or label after the column");
		return -1;
	}
	*label++ = '\0';
	if ((field = page_field_lookup(p)) == -1) {
		snprintf(err, errlen, "unknown column: %.40s", p);
		return -1;
	}
	while (*label == ' ' || *label == '\t')
		label++;
	end = label + strlen(label);
	while (end > label && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	if ((klen = page_key(label, strlen(label), key)) == -1) {
		snprintf(err, errlen, "name or label too long");
		return -1;
	}
	if (klen == 0) {
		snprintf(err, errlen, "no name or label after the column");
		return -1;
	}
	map_insert(m, (*nuser)++, field, key, 1);
	return 1;
}

int
page_map_load(struct page_map *m, const char *path, char *err,
    size_t errlen)
{
	char line[1024], why[128];
	unsigned long lineno = 0;
	size_t nuser = 0, len;
	FILE *fp;

	while (nuser < m->n && m->v[nuser].user)
		nuser++;
	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		lineno++;
		len = strlen(line);
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		else if (!feof(fp)) {
			snprintf(err, errlen, "%s:%lu: line too long", path,
			    lineno);
			fclose(fp);
			return -1;
		}
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		if (map_line(m, &nuser, line, why, sizeof(why)) == -1) {
			snprintf(err, errlen, "%s:%lu: %s", path, lineno, why);
			fclose(fp);
			return -1;
		}
	}
	if (ferror(fp)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		fclose(fp);
		return -1;
	}
	fclose(fp);
	map_index(m);
	return 0;
}

void
page_map_print(const struct page_map *m, FILE *fp)
{
	size_t i;

	fputs("# column\tnormalised name or label\n", fp);
	for (i = 0; i < m->n; i++)
		fprintf(fp, "%s\t%s\n", page_field_name(m->v[i].field),
		    m->v[i].key);
}

void
page_map_free(struct page_map *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->v[i].key);
	free(m->v);
	free(m->slot);
	memset(m, 0, sizeof(*m));
}
