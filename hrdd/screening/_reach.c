/* The bound of hrdd/screening/reach.py, compiled: the same arithmetic in the same order, so it
 * answers exactly as the Python functions it mirrors (tests/screening/test_reach_native.py checks
 * it against them on real list names and generated ones). reach.py uses it only when this
 * file's SHA-256, compiled in by hatch_build.py, is the file's beside it (a stale build is
 * never used), and falls back to Python otherwise.
 *
 *   name_can_reach(q, r, weights, floor) -> bool
 *       reach.keys_can_reach(q, r, *weights, floor) (q, r: reach.Key, a named tuple read by
 *       position; weights: reach.schema_weights)
 *   any_can_reach(qkeys, rkeys, weights, floor) -> bool
 *       name_can_reach of some pair of a key of qkeys and a key of rkeys (two tuples of reach.Key)
 *   alignment_bound(q, r, query_only, result_only) -> float
 *       reach.alignment_bound (q, r: reach.Shape; q's fits are filled as Shape.fit fills them;
 *       shared symbols found by merging Shape.symbol_hashes)
 *   lcs(a, b) -> int
 *       the length of the longest common subsequence of two strings' code points (what
 *       rapidfuzz's LCSseq.similarity computes)
 *   configure(constants: dict) -> None
 *       the weights and limits reach.py reads from hrdd.screening.align and names_v2, and its
 *       two fall-backs (joined_similarity, squeezed_tokens), set once at import
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef HRDD_SOURCE_SHA256
#define HRDD_SOURCE_SHA256 ""
#endif

static double INITIAL_WEIGHT = -1.0, CONFLICT_RESULT_WEIGHT = -1.0, CLUSTER_OVERLAP = -1.0;
static double JOINED_MIN = -1.0, JOINED_FACTOR = -1.0, DOUBLED_SCORE = -1.0;
static Py_ssize_t FITS_PER_SHAPE = 0;
static PyObject *joined_similarity = NULL, *squeezed_tokens = NULL;
static PyObject *s_parts, *s_symbol_hashes, *s_fits;
/* the fields of reach.Key, in its order (checked by configure) */
enum { K_OPEN, K_HAN, K_TOKENS, K_SORTED_TOKENS, K_SHAPES, K_CANONICAL, K_JOINED_LENGTH, K_SHORT_TOKEN, K_DOUBLED,
       K_CANONICAL_KEY, K_FIELDS };
static const char *KEY_FIELDS[K_FIELDS] = {"open", "han", "tokens", "sorted_tokens", "shapes", "canonical",
                                       "joined_length", "short_token", "doubled", "canonical_key"};

#define MAX_BITS 64

/* The code points of a str, at most MAX_BITS of them read; its length. */
static Py_ssize_t read_points(PyObject *text, Py_UCS4 *out) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t m = n < MAX_BITS ? n : MAX_BITS;
    for (Py_ssize_t i = 0; i < m; i++) out[i] = PyUnicode_READ(kind, data, i);
    return n;
}

static uint64_t ASCII_PLACES[128];

/* LCS length, bit-parallel over the shorter string (Hyyrö 2004) when it has at most 64 code
 * points; a row of the dynamic programme otherwise. */
static Py_ssize_t lcs_length(PyObject *a, PyObject *b) {
    Py_ssize_t na = PyUnicode_GET_LENGTH(a), nb = PyUnicode_GET_LENGTH(b);
    if (na > nb) { PyObject *t = a; a = b; b = t; Py_ssize_t tn = na; na = nb; nb = tn; }
    if (na == 0) return 0;
    int kb = PyUnicode_KIND(b);
    const void *db = PyUnicode_DATA(b);
    if (na <= MAX_BITS) {
        Py_UCS4 pa[MAX_BITS];
        read_points(a, pa);
        /* the bits of each ASCII letter's places in a (ASCII_PLACES is all zero between calls) */
        for (Py_ssize_t i = 0; i < na; i++) if (pa[i] < 128) ASCII_PLACES[pa[i]] |= (uint64_t)1 << i;
        uint64_t v = ~(uint64_t)0;
        for (Py_ssize_t j = 0; j < nb; j++) {
            Py_UCS4 c = PyUnicode_READ(kb, db, j);
            uint64_t match = 0;
            if (c < 128) match = ASCII_PLACES[c];
            else for (Py_ssize_t i = 0; i < na; i++) match |= (uint64_t)(pa[i] == c) << i;
            uint64_t u = v & match;
            v = (v + u) | (v - u);
        }
        for (Py_ssize_t i = 0; i < na; i++) if (pa[i] < 128) ASCII_PLACES[pa[i]] = 0;
        uint64_t used = na == MAX_BITS ? ~(uint64_t)0 : (((uint64_t)1 << na) - 1);
        return (Py_ssize_t)__builtin_popcountll(~v & used);
    }
    int ka = PyUnicode_KIND(a);
    const void *da = PyUnicode_DATA(a);
    Py_ssize_t *row = PyMem_Calloc((size_t)na + 1, sizeof(Py_ssize_t));
    if (row == NULL) { PyErr_NoMemory(); return -1; }
    for (Py_ssize_t j = 0; j < nb; j++) {
        Py_UCS4 c = PyUnicode_READ(kb, db, j);
        Py_ssize_t diagonal = 0;
        for (Py_ssize_t i = 1; i <= na; i++) {
            Py_ssize_t above = row[i];
            if (PyUnicode_READ(ka, da, i - 1) == c) row[i] = diagonal + 1;
            else if (row[i - 1] > row[i]) row[i] = row[i - 1];
            diagonal = above;
        }
    }
    Py_ssize_t found = row[na];
    PyMem_Free(row);
    return found;
}

/* reach.Shape's slots read where CPython keeps them (their member descriptors' offsets, read from
 * the class by configure), an exact Shape's only; anything else goes through getattr. */
static PyTypeObject *shape_type = NULL;
static Py_ssize_t off_parts = -1, off_symbol_hashes = -1, off_fits = -1;

static PyObject *shape_attr(PyObject *shape, PyObject *name, Py_ssize_t offset) {
    if (Py_TYPE(shape) == shape_type && offset >= 0) {
        PyObject *value = *(PyObject **)((char *)shape + offset);
        if (value != NULL) {
            Py_INCREF(value);
            return value;
        }
    }
    return PyObject_GetAttr(shape, name);
}

static int slot_offset(PyObject *cls, const char *name, Py_ssize_t *out) {
    PyObject *descr = PyObject_GetAttrString(cls, name);
    if (descr == NULL) return -1;
    int ok = Py_TYPE(descr) == &PyMemberDescr_Type && ((PyMemberDescrObject *)descr)->d_member->type == T_OBJECT_EX;
    if (ok) *out = ((PyMemberDescrObject *)descr)->d_member->offset;
    Py_DECREF(descr);
    if (!ok) PyErr_Format(PyExc_TypeError, "configure: Shape.%s must be a slot", name);
    return ok ? 0 : -1;
}

/* Shape.fit: the bits of the query's parts that compare_parts could cluster with `other`,
 * remembered in the query shape's `fits` (a dict, or None until its first fit). -1: error. */
static int fit_of(PyObject *query, PyObject *qparts, PyObject *other, uint64_t *found) {
    PyObject *fits = shape_attr(query, s_fits, off_fits);
    if (fits == NULL) return -1;
    if (fits == Py_None) {
        Py_DECREF(fits);
        fits = PyDict_New();
        if (fits == NULL || PyObject_SetAttr(query, s_fits, fits) < 0) { Py_XDECREF(fits); return -1; }
    } else if (!PyDict_CheckExact(fits)) {
        Py_DECREF(fits);
        PyErr_SetString(PyExc_TypeError, "Shape.fits must be a dict or None");
        return -1;
    } else {
        PyObject *known = PyDict_GetItemWithError(fits, other);  /* borrowed */
        if (known != NULL) {
            *found = PyLong_AsUnsignedLongLong(known);
            Py_DECREF(fits);
            return (*found == (uint64_t)-1 && PyErr_Occurred()) ? -1 : 0;
        }
        if (PyErr_Occurred()) { Py_DECREF(fits); return -1; }
    }
    Py_ssize_t size = PyUnicode_GET_LENGTH(other);
    uint64_t bits = 0;
    Py_ssize_t n = PyTuple_GET_SIZE(qparts);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *part = PyTuple_GET_ITEM(qparts, i);
        PyObject *text = PyTuple_GET_ITEM(part, 1);
        Py_ssize_t len = PyUnicode_GET_LENGTH(text);
        Py_ssize_t common = lcs_length(text, other);
        if (common < 0) { Py_DECREF(fits); return -1; }
        /* Python: LCSseq.similarity(text, other) > CLUSTER_OVERLAP * min(len(text), size) */
        if ((double)common > CLUSTER_OVERLAP * (double)(len < size ? len : size)) {
            uint64_t bit = PyLong_AsUnsignedLongLong(PyTuple_GET_ITEM(part, 0));
            if (bit == (uint64_t)-1 && PyErr_Occurred()) { Py_DECREF(fits); return -1; }
            bits |= bit;
        }
    }
    if (PyDict_GET_SIZE(fits) >= FITS_PER_SHAPE) PyDict_Clear(fits);
    PyObject *value = PyLong_FromUnsignedLongLong(bits);
    int failed = value == NULL || PyDict_SetItem(fits, other, value) < 0;
    Py_XDECREF(value);
    Py_DECREF(fits);
    if (failed) return -1;
    *found = bits;
    return 0;
}

/* The parts tuples found well-formed lately, each held (a reference), so that none of them can be
 * freed and its address reused; a tuple of tuples of int, str and float cannot change. */
#define CHECKED_SLOTS 65536
static PyObject *checked_parts[CHECKED_SLOTS];

static int check_parts(PyObject *parts) {
    size_t slot = ((uintptr_t)parts >> 4) & (CHECKED_SLOTS - 1);
    if (checked_parts[slot] == parts) return 0;
    if (!PyTuple_CheckExact(parts)) { PyErr_SetString(PyExc_TypeError, "Shape.parts must be a tuple"); return -1; }
    Py_ssize_t n = PyTuple_GET_SIZE(parts);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *part = PyTuple_GET_ITEM(parts, i);
        if (!PyTuple_CheckExact(part) || PyTuple_GET_SIZE(part) != 3 || !PyLong_CheckExact(PyTuple_GET_ITEM(part, 0))
            || !PyUnicode_CheckExact(PyTuple_GET_ITEM(part, 1)) || !PyFloat_CheckExact(PyTuple_GET_ITEM(part, 2))) {
            PyErr_SetString(PyExc_TypeError, "a Shape part must be a tuple (int, str, float)");
            return -1;
        }
    }
    Py_INCREF(parts);
    Py_XSETREF(checked_parts[slot], parts);
    return 0;
}

static int check_symbols(PyObject *symbols) {
    if (!PyBytes_CheckExact(symbols) || PyBytes_GET_SIZE(symbols) % 16) {
        PyErr_SetString(PyExc_TypeError, "Shape.symbol_hashes must be bytes of (hash, bits) int64 pairs");
        return -1;
    }
    return 0;
}

/* Each symbol both shapes carry, by a merge of the two sorted (hash, bits) arrays: visit(context,
 * bits of its query parts, bits of its entry parts). */
typedef void (*symbol_visit)(void *context, uint64_t q, uint64_t r);

static void each_shared_symbol(PyObject *qsymbols, PyObject *rsymbols, symbol_visit visit, void *context) {
    const char *qs = PyBytes_AS_STRING(qsymbols), *rs = PyBytes_AS_STRING(rsymbols);
    Py_ssize_t nqs = PyBytes_GET_SIZE(qsymbols) / 16, nrs = PyBytes_GET_SIZE(rsymbols) / 16, i = 0, j = 0;
    while (i < nqs && j < nrs) {
        int64_t qh, rh;
        memcpy(&qh, qs + 16 * i, 8);
        memcpy(&rh, rs + 16 * j, 8);
        if (qh < rh) i++;
        else if (rh < qh) j++;
        else {
            int64_t qb, rb;
            memcpy(&qb, qs + 16 * i + 8, 8);
            memcpy(&rb, rs + 16 * j + 8, 8);
            visit(context, (uint64_t)qb, (uint64_t)rb);
            i++;
            j++;
        }
    }
}

static void or_bits(void *context, uint64_t q, uint64_t r) {
    uint64_t *bits = context;
    bits[0] |= q;
    bits[1] |= r;
}

/* The parts' bits of the symbols both shapes carry, or-ed into *q and *r. */
static void shared_symbols(PyObject *qsymbols, PyObject *rsymbols, uint64_t *q, uint64_t *r) {
    uint64_t bits[2] = {*q, *r};
    each_shared_symbol(qsymbols, rsymbols, or_bits, bits);
    *q = bits[0];
    *r = bits[1];
}

/* One side of alignment_bound's weighing, in the order of its parts: a part that may pair adds
 * its weight to *paired (plus INITIAL_WEIGHT for an initial), one that cannot to *alone. */
static int weigh_parts(PyObject *parts, uint64_t pairing, double *paired, double *alone, int *lone) {
    Py_ssize_t n = PyTuple_GET_SIZE(parts);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *part = PyTuple_GET_ITEM(parts, i);
        uint64_t bit = PyLong_AsUnsignedLongLong(PyTuple_GET_ITEM(part, 0));
        if (bit == (uint64_t)-1 && PyErr_Occurred()) return -1;
        double weight = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(part, 2));
        if (pairing & bit) {
            *paired += PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(part, 1)) == 1 ? weight + INITIAL_WEIGHT : weight;
        } else {
            *alone += weight;
            *lone = 1;
        }
    }
    return 0;
}

/* reach.alignment_bound, statement for statement. Returns -1.0 with an exception set on error. */
static double bound_of(PyObject *query, PyObject *result, double query_only, double result_only) {
    double answer = -1.0;
    PyObject *qparts = shape_attr(query, s_parts, off_parts), *rparts = shape_attr(result, s_parts, off_parts);
    PyObject *qsymbols = shape_attr(query, s_symbol_hashes, off_symbol_hashes);
    PyObject *rsymbols = shape_attr(result, s_symbol_hashes, off_symbol_hashes);
    if (qparts == NULL || rparts == NULL || qsymbols == NULL || rsymbols == NULL) goto done;
    if (check_parts(qparts) < 0 || check_parts(rparts) < 0 || check_symbols(qsymbols) < 0
        || check_symbols(rsymbols) < 0) goto done;
    uint64_t paired_q = 0, paired_r = 0;
    Py_ssize_t nr = PyTuple_GET_SIZE(rparts);
    for (Py_ssize_t i = 0; i < nr; i++) {
        PyObject *part = PyTuple_GET_ITEM(rparts, i);
        uint64_t fit;
        if (fit_of(query, qparts, PyTuple_GET_ITEM(part, 1), &fit) < 0) goto done;
        if (fit) {
            uint64_t bit = PyLong_AsUnsignedLongLong(PyTuple_GET_ITEM(part, 0));
            if (bit == (uint64_t)-1 && PyErr_Occurred()) goto done;
            paired_q |= fit;
            paired_r |= bit;
        }
    }
    shared_symbols(qsymbols, rsymbols, &paired_q, &paired_r);
    double paired = 0.0, alone_q = 0.0, alone_r = 0.0;
    int lone_q = 0, lone_r = 0;
    if (weigh_parts(qparts, paired_q, &paired, &alone_q, &lone_q) < 0) goto done;
    if (!lone_q) { answer = 1.0; goto done; }
    if (weigh_parts(rparts, paired_r, &paired, &alone_r, &lone_r) < 0) goto done;
    if (paired <= 0.0) { answer = 0.0; goto done; }
    if (lone_r) {
        if (CONFLICT_RESULT_WEIGHT > query_only) query_only = CONFLICT_RESULT_WEIGHT;
        if (CONFLICT_RESULT_WEIGHT > result_only) result_only = CONFLICT_RESULT_WEIGHT;
    }
    {
        double left_q = query_only * alone_q;
        double left_r = result_only * alone_r;
        double total = paired + left_q;
        total = total + left_r;
        answer = paired / total;
    }
done:
    Py_XDECREF(qparts);
    Py_XDECREF(rparts);
    Py_XDECREF(qsymbols);
    Py_XDECREF(rsymbols);
    return answer;
}

static int configured(void) {
    if (joined_similarity == NULL || squeezed_tokens == NULL || FITS_PER_SHAPE <= 0) {
        PyErr_SetString(PyExc_RuntimeError, "hrdd.screening._reach is not configured (reach.py configures it)");
        return 0;
    }
    return 1;
}

#include "_reach_budget.c"

static PyObject *py_alignment_bound(PyObject *self, PyObject *args) {
    PyObject *query, *result;
    double query_only, result_only;
    if (!PyArg_ParseTuple(args, "OOdd", &query, &result, &query_only, &result_only)) return NULL;
    if (!configured()) return NULL;
    double bound = bound_of(query, result, query_only, result_only);
    if (bound < 0.0) return NULL;
    return PyFloat_FromDouble(bound);
}

/* A reach.Key as the tuple it is: a new reference, or NULL with an error. */
static PyObject *key_tuple(PyObject *key) {
    if (!PyTuple_Check(key) || PyTuple_GET_SIZE(key) != K_FIELDS) {
        PyErr_SetString(PyExc_TypeError, "a reach.Key was expected");
        return NULL;
    }
    Py_INCREF(key);
    return key;
}

#define FIELD(key, k) PyTuple_GET_ITEM(key, k)

/* A Key.canonical_key's key (a new reference): the key itself, or what the call left to make it
 * returns; it must be a reach.Key whose own canonical_key is None. NULL with an error otherwise. */
static PyObject *canonical_form_of(PyObject *found) {
    PyObject *form = PyTuple_Check(found) ? Py_NewRef(found) : PyObject_CallNoArgs(found);
    if (form == NULL) return NULL;
    if (!PyTuple_Check(form) || PyTuple_GET_SIZE(form) != K_FIELDS || FIELD(form, K_CANONICAL_KEY) != Py_None) {
        Py_DECREF(form);
        PyErr_SetString(PyExc_TypeError, "Key.canonical_key must give a reach.Key without a canonical_key");
        return NULL;
    }
    return form;
}

/* 1: the name can reach, 0: it cannot, -1: error (reach.keys_can_reach, statement for statement). */
static int can_reach(PyObject *qk, PyObject *rk, int person, double query_only, double result_only, double floor) {
    int answer = -1, truth;
    PyObject *q = NULL, *r = NULL, *value = NULL, *other = NULL;
    if (floor <= 0.0) return 1;
    q = key_tuple(qk);
    if (q == NULL) return -1;
    r = key_tuple(rk);
    if (r == NULL) goto done;
    if ((truth = PyObject_IsTrue(FIELD(q, K_OPEN))) != 0 || (truth = PyObject_IsTrue(FIELD(r, K_OPEN))) != 0) {
        answer = truth;
        goto done;
    }
    if ((truth = PyObject_IsTrue(FIELD(q, K_HAN))) < 0) goto done;
    if (truth && (truth = PyObject_IsTrue(FIELD(r, K_HAN))) != 0) { answer = truth; goto done; }
    PyObject *qtokens = FIELD(q, K_TOKENS), *rtokens = FIELD(r, K_TOKENS);
    PyObject *qshapes = FIELD(q, K_SHAPES), *rshapes = FIELD(r, K_SHAPES);
    if (!PyTuple_CheckExact(qtokens) || !PyTuple_CheckExact(rtokens) || !PyTuple_CheckExact(qshapes)
        || !PyTuple_CheckExact(rshapes)) {
        PyErr_SetString(PyExc_TypeError, "Key.tokens and Key.shapes must be tuples");
        goto done;
    }
    Py_ssize_t nq = PyTuple_GET_SIZE(qtokens), nr = PyTuple_GET_SIZE(rtokens);
    if (nq) {
        if ((truth = PyObject_RichCompareBool(qtokens, rtokens, Py_EQ)) != 0) { answer = truth; goto done; }
        if (person && (truth = PyObject_RichCompareBool(FIELD(q, K_SORTED_TOKENS), FIELD(r, K_SORTED_TOKENS),
                                                        Py_EQ)) != 0) {
            answer = truth;
            goto done;
        }
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(qshapes); i++) {
        for (Py_ssize_t j = 0; j < PyTuple_GET_SIZE(rshapes); j++) {
            double bound = bound_of(PyTuple_GET_ITEM(qshapes, i), PyTuple_GET_ITEM(rshapes, j), query_only, result_only);
            if (bound < 0.0) goto done;
            if (bound >= floor) {
                bound = budget_bound_of(PyTuple_GET_ITEM(qshapes, i), PyTuple_GET_ITEM(rshapes, j), query_only,
                                        result_only, CLUSTER_OVERLAP);
                if (bound < 0.0) goto done;
                if (bound >= floor) { answer = 1; goto done; }
            }
        }
    }
    if ((truth = PyObject_IsTrue(FIELD(q, K_CANONICAL))) < 0) goto done;
    if (!truth && (truth = PyObject_IsTrue(FIELD(r, K_CANONICAL))) < 0) goto done;
    if (truth && FIELD(q, K_CANONICAL_KEY) != Py_None && FIELD(r, K_CANONICAL_KEY) != Py_None) {
        /* names_v2 compares the canonical forms too: the same bound of their keys (made now where
         * they were left to be made), whose own canonical_key must be None (one level deep) */
        value = canonical_form_of(FIELD(q, K_CANONICAL_KEY));
        if (value == NULL) goto done;
        other = canonical_form_of(FIELD(r, K_CANONICAL_KEY));
        if (other == NULL) goto done;
        truth = can_reach(value, other, person, query_only, result_only, floor);
        Py_CLEAR(value);
        Py_CLEAR(other);
        if (truth != 0) { answer = truth; goto done; }
    }
    if (nq != nr) {
        Py_ssize_t ql = PyLong_AsSsize_t(FIELD(q, K_JOINED_LENGTH)), rl = PyLong_AsSsize_t(FIELD(r, K_JOINED_LENGTH));
        if (PyErr_Occurred()) goto done;
        Py_ssize_t longest = ql > rl ? ql : rl;
        int short_q = PyObject_IsTrue(FIELD(q, K_SHORT_TOKEN)), short_r = PyObject_IsTrue(FIELD(r, K_SHORT_TOKEN));
        if (short_q < 0 || short_r < 0) goto done;
        Py_ssize_t difference = ql > rl ? ql - rl : rl - ql;
        if (!(short_q || short_r) && longest && 1.0 - (double)difference / (double)longest >= JOINED_MIN) {
            value = PyObject_CallFunctionObjArgs(joined_similarity, qtokens, rtokens, person ? Py_True : Py_False, NULL);
            if (value == NULL) goto done;
            double joined = PyFloat_AsDouble(value);
            if (joined == -1.0 && PyErr_Occurred()) goto done;
            if (joined >= JOINED_MIN && joined * JOINED_FACTOR >= floor) { answer = 1; goto done; }
        }
        answer = 0;
        goto done;
    }
    /* names_v2.is_doubled_variant, from what the keys hold */
    if (!(floor <= DOUBLED_SCORE)) { answer = 0; goto done; }
    if ((truth = PyObject_IsTrue(FIELD(q, K_DOUBLED))) < 0) goto done;
    if (!truth && (truth = PyObject_IsTrue(FIELD(r, K_DOUBLED))) <= 0) { answer = truth; goto done; }
    if ((truth = PyObject_RichCompareBool(qtokens, rtokens, Py_NE)) <= 0) { answer = truth; goto done; }
    value = PyObject_CallOneArg(squeezed_tokens, qtokens);
    if (value == NULL) goto done;
    other = PyObject_CallOneArg(squeezed_tokens, rtokens);
    if (other == NULL) goto done;
    answer = PyObject_RichCompareBool(value, other, Py_EQ);
done:
    Py_XDECREF(q);
    Py_XDECREF(r);
    Py_XDECREF(value);
    Py_XDECREF(other);
    return answer;
}

/* The (person, query_only, result_only) weights and the floor of a call, once configured; -1: error. */
static int read_weights(PyObject *weights, PyObject *floor_arg, int *person, double *query_only, double *result_only,
                        double *floor) {
    if (!configured()) return -1;
    *person = PyObject_IsTrue(PyTuple_GET_ITEM(weights, 0));
    *query_only = PyFloat_AsDouble(PyTuple_GET_ITEM(weights, 1));
    *result_only = PyFloat_AsDouble(PyTuple_GET_ITEM(weights, 2));
    *floor = PyFloat_AsDouble(floor_arg);
    return (*person < 0 || PyErr_Occurred()) ? -1 : 0;
}

static PyObject *py_name_can_reach(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 4 || !PyTuple_Check(args[2]) || PyTuple_GET_SIZE(args[2]) != 3) {
        PyErr_SetString(PyExc_TypeError, "name_can_reach(q, r, (person, query_only, result_only), floor)");
        return NULL;
    }
    int person;
    double query_only, result_only, floor;
    if (read_weights(args[2], args[3], &person, &query_only, &result_only, &floor) < 0) return NULL;
    int answer = can_reach(args[0], args[1], person, query_only, result_only, floor);
    if (answer < 0) return NULL;
    return PyBool_FromLong(answer);
}

static PyObject *py_any_can_reach(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 4 || !PyTuple_CheckExact(args[0]) || !PyTuple_CheckExact(args[1]) || !PyTuple_Check(args[2])
        || PyTuple_GET_SIZE(args[2]) != 3) {
        PyErr_SetString(PyExc_TypeError, "any_can_reach(qkeys: tuple, rkeys: tuple, (person, query_only, result_only), floor)");
        return NULL;
    }
    int person;
    double query_only, result_only, floor;
    if (read_weights(args[2], args[3], &person, &query_only, &result_only, &floor) < 0) return NULL;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(args[0]); i++) {
        for (Py_ssize_t j = 0; j < PyTuple_GET_SIZE(args[1]); j++) {
            int answer = can_reach(PyTuple_GET_ITEM(args[0], i), PyTuple_GET_ITEM(args[1], j), person, query_only,
                                   result_only, floor);
            if (answer < 0) return NULL;
            if (answer) Py_RETURN_TRUE;
        }
    }
    Py_RETURN_FALSE;
}

static PyObject *py_lcs(PyObject *self, PyObject *args) {
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "UU", &a, &b)) return NULL;
    Py_ssize_t n = lcs_length(a, b);
    if (n < 0) return NULL;
    return PyLong_FromSsize_t(n);
}

static int read_constant(PyObject *constants, const char *name, double *out) {
    PyObject *value = PyDict_GetItemString(constants, name);  /* borrowed */
    if (value == NULL) { PyErr_Format(PyExc_KeyError, "configure: missing %s", name); return -1; }
    *out = PyFloat_AsDouble(value);
    return (*out == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

static PyObject *py_configure(PyObject *self, PyObject *constants) {
    if (!PyDict_Check(constants)) { PyErr_SetString(PyExc_TypeError, "configure(constants: dict)"); return NULL; }
    double fits;
    if (read_constant(constants, "INITIAL_WEIGHT", &INITIAL_WEIGHT) < 0
        || read_constant(constants, "CONFLICT_RESULT_WEIGHT", &CONFLICT_RESULT_WEIGHT) < 0
        || read_constant(constants, "CLUSTER_OVERLAP", &CLUSTER_OVERLAP) < 0
        || read_constant(constants, "JOINED_MIN", &JOINED_MIN) < 0
        || read_constant(constants, "JOINED_FACTOR", &JOINED_FACTOR) < 0
        || read_constant(constants, "DOUBLED_SCORE", &DOUBLED_SCORE) < 0
        || read_constant(constants, "FITS_PER_SHAPE", &fits) < 0
        || read_constant(constants, "BUDGET_SHORT_FLOOR", &BUDGET_SHORT_FLOOR) < 0
        || read_constant(constants, "BUDGET_LOG_BASE", &BUDGET_LOG_BASE) < 0
        || read_constant(constants, "BUDGET_TOLERANCE", &BUDGET_TOLERANCE) < 0
        || read_constant(constants, "MIN_COST", &MIN_COST) < 0
        || read_constant(constants, "BUDGET_SLACK", &BUDGET_SLACK) < 0) return NULL;
    PyObject *joined = PyDict_GetItemString(constants, "joined_similarity");
    PyObject *squeezed = PyDict_GetItemString(constants, "squeezed_tokens");
    if (joined == NULL || squeezed == NULL || !PyCallable_Check(joined) || !PyCallable_Check(squeezed)) {
        PyErr_SetString(PyExc_TypeError, "configure: joined_similarity and squeezed_tokens must be callables");
        return NULL;
    }
    Py_INCREF(joined);
    Py_XSETREF(joined_similarity, joined);
    Py_INCREF(squeezed);
    Py_XSETREF(squeezed_tokens, squeezed);
    PyObject *fields = PyDict_GetItemString(constants, "KEY_FIELDS");
    if (fields == NULL || !PyTuple_Check(fields) || PyTuple_GET_SIZE(fields) != K_FIELDS) {
        PyErr_SetString(PyExc_TypeError, "configure: KEY_FIELDS must name the fields of reach.Key");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < K_FIELDS; i++) {
        PyObject *name = PyTuple_GET_ITEM(fields, i);
        if (!PyUnicode_Check(name) || PyUnicode_CompareWithASCIIString(name, KEY_FIELDS[i]) != 0) {
            PyErr_Format(PyExc_ValueError, "configure: reach.Key field %zd is %R, expected %s", i, name, KEY_FIELDS[i]);
            return NULL;
        }
    }
    PyObject *shape = PyDict_GetItemString(constants, "Shape");
    Py_ssize_t parts_at, symbols_at, fits_at;
    if (shape == NULL || !PyType_Check(shape) || slot_offset(shape, "parts", &parts_at) < 0
        || slot_offset(shape, "symbol_hashes", &symbols_at) < 0 || slot_offset(shape, "fits", &fits_at) < 0) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "configure: Shape must be reach.Shape");
        return NULL;
    }
    Py_INCREF(shape);
    Py_XSETREF(shape_type, (PyTypeObject *)shape);
    off_parts = parts_at;
    off_symbol_hashes = symbols_at;
    off_fits = fits_at;
    FITS_PER_SHAPE = (Py_ssize_t)fits;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"name_can_reach", (PyCFunction)(void (*)(void))py_name_can_reach, METH_FASTCALL,
     "reach.keys_can_reach: name_can_reach(q, r, (person, query_only, result_only), floor)"},
    {"any_can_reach", (PyCFunction)(void (*)(void))py_any_can_reach, METH_FASTCALL,
     "reach.any_can_reach: any_can_reach(qkeys, rkeys, (person, query_only, result_only), floor)"},
    {"alignment_bound", py_alignment_bound, METH_VARARGS, "reach.alignment_bound(query, result, query_only, result_only)"},
    {"budget_bound", py_budget_bound, METH_VARARGS,
     "reach_budget.budget_bound(query, result, query_only, result_only, overlap)"},
    {"lcs", py_lcs, METH_VARARGS, "lcs(a, b): the length of the longest common subsequence of two strings"},
    {"configure", py_configure, METH_O, "configure(constants): set reach.py's constants and fall-backs"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_reach", "The bound of hrdd.screening.reach, compiled.", -1,
                                    methods};

PyMODINIT_FUNC PyInit__reach(void) {
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) return NULL;
#define INTERN(var, text) if ((var = PyUnicode_InternFromString(text)) == NULL) { Py_DECREF(m); return NULL; }
    INTERN(s_parts, "parts") INTERN(s_symbol_hashes, "symbol_hashes") INTERN(s_fits, "fits")
#undef INTERN
    if (PyModule_AddStringConstant(m, "SOURCE_SHA256", HRDD_SOURCE_SHA256) < 0) { Py_DECREF(m); return NULL; }
    return m;
}
