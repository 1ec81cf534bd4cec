/* reach_budget.budget_bound, compiled: included by _reach.c (one translation unit), whose
 * helpers it uses (lcs_length, shape_attr, check_parts, shared_symbols). Statement for statement as the
 * Python, in the same order of additions, so that both give the same double. */

static double BUDGET_SHORT_FLOOR = -1.0, BUDGET_LOG_BASE = -1.0, BUDGET_TOLERANCE = -1.0;
static double MIN_COST = -1.0, BUDGET_SLACK = -1.0;

#define MAX_PARTS 64

static double edit_budget(Py_ssize_t characters) {
    double effective = (double)characters - BUDGET_SHORT_FLOOR;
    if (!(effective >= 1.0)) effective = 1.0;
    return log(effective) / log(BUDGET_LOG_BASE) * BUDGET_TOLERANCE;
}

static int compare_points(const void *a, const void *b) {
    Py_UCS4 x = *(const Py_UCS4 *)a, y = *(const Py_UCS4 *)b;
    return (x > y) - (x < y);
}

/* The code points of the texts of parts[from:to], sorted, in a new buffer (NULL: no memory). */
static Py_UCS4 *sorted_letters(PyObject *parts, Py_ssize_t from, Py_ssize_t to, Py_ssize_t *count) {
    Py_ssize_t n = 0;
    for (Py_ssize_t i = from; i < to; i++) n += PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(PyTuple_GET_ITEM(parts, i), 1));
    Py_UCS4 *out = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(n ? n : 1));
    if (out == NULL) { PyErr_NoMemory(); return NULL; }
    Py_ssize_t k = 0;
    for (Py_ssize_t i = from; i < to; i++) {
        PyObject *text = PyTuple_GET_ITEM(PyTuple_GET_ITEM(parts, i), 1);
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        for (Py_ssize_t j = 0; j < PyUnicode_GET_LENGTH(text); j++) out[k++] = PyUnicode_READ(kind, data, j);
    }
    if (n <= 64) {  /* a name's letters: an insertion sort beats qsort's calls through a pointer */
        for (Py_ssize_t i = 1; i < n; i++) {
            Py_UCS4 c = out[i];
            Py_ssize_t j = i;
            while (j > 0 && out[j - 1] > c) { out[j] = out[j - 1]; j--; }
            out[j] = c;
        }
    } else {
        qsort(out, (size_t)n, sizeof(Py_UCS4), compare_points);
    }
    *count = n;
    return out;
}

/* reach_budget._shared_letters: the letters two sorted arrays share, counted with repeats. */
static Py_ssize_t shared_letters(const Py_UCS4 *a, Py_ssize_t na, const Py_UCS4 *b, Py_ssize_t nb) {
    Py_ssize_t i = 0, j = 0, shared = 0;
    while (i < na && j < nb) {
        if (a[i] < b[j]) i++;
        else if (b[j] < a[i]) j++;
        else { shared++; i++; j++; }
    }
    return shared;
}

static int find_root(int *root, int node) {
    while (root[node] != node) {
        root[node] = root[root[node]];
        node = root[node];
    }
    return node;
}

/* The parts carrying one shared symbol joined into one group (reach_budget._aligned_weight). */
struct symbol_groups {
    int *group;
    const uint64_t *qbits, *rbits;
    Py_ssize_t nq, nr;
};

static void join_symbol(void *context, uint64_t q, uint64_t r) {
    struct symbol_groups *groups = context;
    int first = -1;
    for (Py_ssize_t i = 0; i < groups->nq + groups->nr; i++) {
        int member = i < groups->nq ? (q & groups->qbits[i]) != 0 : (r & groups->rbits[i - groups->nq]) != 0;
        if (!member) continue;
        if (first < 0) first = (int)i;
        else groups->group[find_root(groups->group, (int)i)] = find_root(groups->group, first);
    }
}

/* Whether part i of a side is dead: its cheapest edits cost more than its component's budget. -1: error. */
static int is_dead(PyObject *parts, Py_ssize_t i, Py_ssize_t common_sum, const Py_UCS4 *other, Py_ssize_t nother,
                   Py_ssize_t component) {
    Py_ssize_t count, len = PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(PyTuple_GET_ITEM(parts, i), 1));
    Py_UCS4 *own = sorted_letters(parts, i, i + 1, &count);
    if (own == NULL) return -1;
    Py_ssize_t matched = len;
    if (common_sum < matched) matched = common_sum;
    Py_ssize_t shared = shared_letters(own, count, other, nother);
    if (shared < matched) matched = shared;
    PyMem_Free(own);
    return MIN_COST * (double)(len - matched) > edit_budget(component) + BUDGET_SLACK;
}

/* reach_budget.budget_bound. Returns -1.0 with an exception set on error. */
static double budget_bound_of(PyObject *query, PyObject *result, double query_only, double result_only,
                              double overlap) {
    double answer = -1.0;
    Py_UCS4 *letters_q = NULL, *letters_r = NULL;
    PyObject *qparts = shape_attr(query, s_parts, off_parts), *rparts = shape_attr(result, s_parts, off_parts);
    PyObject *qsymbols = shape_attr(query, s_symbol_hashes, off_symbol_hashes);
    PyObject *rsymbols = shape_attr(result, s_symbol_hashes, off_symbol_hashes);
    if (qparts == NULL || rparts == NULL || qsymbols == NULL || rsymbols == NULL) goto done;
    if (check_parts(qparts) < 0 || check_parts(rparts) < 0 || check_symbols(qsymbols) < 0
        || check_symbols(rsymbols) < 0) goto done;
    Py_ssize_t nq = PyTuple_GET_SIZE(qparts), nr = PyTuple_GET_SIZE(rparts);
    if (nq > MAX_PARTS || nr > MAX_PARTS) { answer = 1.0; goto done; }
    uint64_t qbits[MAX_PARTS], rbits[MAX_PARTS];
    Py_ssize_t qlen[MAX_PARTS], rlen[MAX_PARTS];
    for (Py_ssize_t i = 0; i < nq; i++) {
        qlen[i] = PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(PyTuple_GET_ITEM(qparts, i), 1));
        if (qlen[i] <= 1) { answer = 1.0; goto done; }
        qbits[i] = PyLong_AsUnsignedLongLong(PyTuple_GET_ITEM(PyTuple_GET_ITEM(qparts, i), 0));
        if (qbits[i] == (uint64_t)-1 && PyErr_Occurred()) goto done;
    }
    for (Py_ssize_t j = 0; j < nr; j++) {
        rlen[j] = PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(PyTuple_GET_ITEM(rparts, j), 1));
        if (rlen[j] <= 1) { answer = 1.0; goto done; }
        rbits[j] = PyLong_AsUnsignedLongLong(PyTuple_GET_ITEM(PyTuple_GET_ITEM(rparts, j), 0));
        if (rbits[j] == (uint64_t)-1 && PyErr_Occurred()) goto done;
    }
    Py_ssize_t common[MAX_PARTS][MAX_PARTS];
    char fit[MAX_PARTS][MAX_PARTS], fits_q[MAX_PARTS] = {0}, fits_r[MAX_PARTS] = {0};
    int root[2 * MAX_PARTS];
    for (Py_ssize_t k = 0; k < nq + nr; k++) root[k] = (int)k;
    for (Py_ssize_t i = 0; i < nq; i++) {
        for (Py_ssize_t j = 0; j < nr; j++) {
            common[i][j] = lcs_length(PyTuple_GET_ITEM(PyTuple_GET_ITEM(qparts, i), 1),
                                      PyTuple_GET_ITEM(PyTuple_GET_ITEM(rparts, j), 1));
            if (common[i][j] < 0) goto done;
            /* Python: common[i][j] > overlap * min(len(query part), len(entry part)) */
            fit[i][j] = (double)common[i][j] > overlap * (double)(qlen[i] < rlen[j] ? qlen[i] : rlen[j]);
            if (fit[i][j]) {
                fits_q[i] = fits_r[j] = 1;
                root[find_root(root, (int)i)] = find_root(root, (int)(nq + j));
            }
        }
    }
    uint64_t symbol_q = 0, symbol_r = 0;
    shared_symbols(qsymbols, rsymbols, &symbol_q, &symbol_r);
    Py_ssize_t size[2 * MAX_PARTS] = {0}, size_r[2 * MAX_PARTS] = {0};
    for (Py_ssize_t i = 0; i < nq; i++) size[find_root(root, (int)i)] += qlen[i] + 1;
    for (Py_ssize_t j = 0; j < nr; j++) size_r[find_root(root, (int)(nq + j))] += rlen[j] + 1;
    Py_ssize_t count_q, count_r;
    letters_q = sorted_letters(qparts, 0, nq, &count_q);
    letters_r = letters_q == NULL ? NULL : sorted_letters(rparts, 0, nr, &count_r);
    if (letters_r == NULL) goto done;
    char dead[2 * MAX_PARTS] = {0};
    for (Py_ssize_t i = 0; i < nq; i++) {
        if (fits_q[i] && !(symbol_q & qbits[i])) {
            Py_ssize_t sum = 0;
            for (Py_ssize_t j = 0; j < nr; j++) sum += common[i][j];
            int d = is_dead(qparts, i, sum, letters_r, count_r, size[find_root(root, (int)i)]);
            if (d < 0) goto done;
            dead[i] = (char)d;
        }
    }
    for (Py_ssize_t j = 0; j < nr; j++) {
        if (fits_r[j] && !(symbol_r & rbits[j])) {
            Py_ssize_t sum = 0;
            for (Py_ssize_t i = 0; i < nq; i++) sum += common[i][j];
            int d = is_dead(rparts, j, sum, letters_q, count_q, size_r[find_root(root, (int)(nq + j))]);
            if (d < 0) goto done;
            dead[nq + j] = (char)d;
        }
    }
    for (int changed = 1; changed;) {  /* a part whose every fitting partner is dead */
        changed = 0;
        for (Py_ssize_t i = 0; i < nq; i++) {
            if (dead[i] || !fits_q[i] || (symbol_q & qbits[i])) continue;
            int all = 1;
            for (Py_ssize_t j = 0; j < nr && all; j++) if (fit[i][j] && !dead[nq + j]) all = 0;
            if (all) dead[i] = 1, changed = 1;
        }
        for (Py_ssize_t j = 0; j < nr; j++) {
            if (dead[nq + j] || !fits_r[j] || (symbol_r & rbits[j])) continue;
            int all = 1;
            for (Py_ssize_t i = 0; i < nq && all; i++) if (fit[i][j] && !dead[i]) all = 0;
            if (all) dead[nq + j] = 1, changed = 1;
        }
    }
    double alone_q = 0.0, alone_r = 0.0, dead_q = 0.0, dead_r = 0.0;
    int lone_q = 0, lone_r = 0;
    for (Py_ssize_t i = 0; i < nq; i++) {
        double weight = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(PyTuple_GET_ITEM(qparts, i), 2));
        if (dead[i]) dead_q += weight;
        else if (!((symbol_q & qbits[i]) || fits_q[i])) { alone_q += weight; lone_q = 1; }
    }
    for (Py_ssize_t j = 0; j < nr; j++) {
        double weight = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(PyTuple_GET_ITEM(rparts, j), 2));
        if (dead[nq + j]) dead_r += weight;
        else if (!((symbol_r & rbits[j]) || fits_r[j])) { alone_r += weight; lone_r = 1; }
    }
    double live;
    {
        /* reach_budget._aligned_weight: components of the live parts' fits and shared symbols */
        int group[2 * MAX_PARTS];
        for (Py_ssize_t k = 0; k < nq + nr; k++) group[k] = (int)k;
        for (Py_ssize_t i = 0; i < nq; i++)
            for (Py_ssize_t j = 0; j < nr; j++)
                if (fit[i][j] && !dead[i] && !dead[nq + j]) group[find_root(group, (int)i)] = find_root(group, (int)(nq + j));
        struct symbol_groups joined = {group, qbits, rbits, nq, nr};
        each_shared_symbol(qsymbols, rsymbols, join_symbol, &joined);
        double weight_q[2 * MAX_PARTS] = {0}, weight_r[2 * MAX_PARTS] = {0};
        int count_q[2 * MAX_PARTS] = {0}, count_r[2 * MAX_PARTS] = {0};
        for (Py_ssize_t i = 0; i < nq; i++) {
            if (dead[i]) continue;
            int g = find_root(group, (int)i);
            weight_q[g] += PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(PyTuple_GET_ITEM(qparts, i), 2));
            count_q[g] += 1;
        }
        for (Py_ssize_t j = 0; j < nr; j++) {
            if (dead[nq + j]) continue;
            int g = find_root(group, (int)(nq + j));
            weight_r[g] += PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(PyTuple_GET_ITEM(rparts, j), 2));
            count_r[g] += 1;
        }
        live = 0.0;
        for (Py_ssize_t k = 0; k < nq + nr; k++) {
            if (!count_q[k] || !count_r[k]) continue;
            if ((count_q[k] < count_r[k] ? count_q[k] : count_r[k]) == 1)
                live += weight_q[k] > weight_r[k] ? weight_q[k] : weight_r[k];
            else live += weight_q[k] + weight_r[k];
        }
    }
    if (live <= 0.0) { answer = 0.0; goto done; }
    if (lone_q && lone_r) {
        if (CONFLICT_RESULT_WEIGHT > query_only) query_only = CONFLICT_RESULT_WEIGHT;
        if (CONFLICT_RESULT_WEIGHT > result_only) result_only = CONFLICT_RESULT_WEIGHT;
    }
    {
        double fq = query_only < 1.0 ? query_only : 1.0, fr = result_only < 1.0 ? result_only : 1.0;
        double hq = query_only < 0.5 ? query_only : 0.5, hr = result_only < 0.5 ? result_only : 0.5;
        double least = fq * dead_q, other = fr * dead_r;
        double mean = hq * dead_q;
        mean = mean + hr * dead_r;
        if (other > least) least = other;
        if (mean > least) least = mean;
        double total = live + query_only * alone_q;
        total = total + result_only * alone_r;
        total = total + least;
        answer = live / total;
    }
done:
    PyMem_Free(letters_q);
    PyMem_Free(letters_r);
    Py_XDECREF(qparts);
    Py_XDECREF(rparts);
    Py_XDECREF(qsymbols);
    Py_XDECREF(rsymbols);
    return answer;
}

static PyObject *py_budget_bound(PyObject *self, PyObject *args) {
    PyObject *query, *result;
    double query_only, result_only, overlap;
    if (!PyArg_ParseTuple(args, "OOddd", &query, &result, &query_only, &result_only, &overlap)) return NULL;
    if (!configured()) return NULL;
    double bound = budget_bound_of(query, result, query_only, result_only, overlap);
    if (bound < 0.0) return NULL;
    return PyFloat_FromDouble(bound);
}
