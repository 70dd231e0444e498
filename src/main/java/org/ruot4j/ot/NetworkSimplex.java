package org.ruot4j.ot;

import java.util.Arrays;

/**
 * Primal network simplex for the balanced transportation problem
 * min Σ_ij π_ij C_ij  s.t.  Σ_j π_ij = a_i,  Σ_i π_ij = b_j,  π ≥ 0,
 * on the complete bipartite graph of n supply and m demand nodes, all weights positive.
 *
 * <p>The algorithm is the one of LEMON's NetworkSimplex (used by Bonneel et al. 2011 and POT's EMD): a
 * spanning-tree basis stored as parent / thread / reverse-thread / subtree-size / last-successor arrays,
 * block-search pricing (scan blocks of about √(nm) arcs cyclically, see {@link #defaultBlockSize}, take the most negative reduced cost of the
 * first block that has one) and Cunningham's strongly-feasible leaving-arc rule against cycling. It is
 * specialized to transportation problems, which changes three things:
 * <ul>
 *   <li>arcs are implicit (arc e = i·m + j) and uncapacitated, so only tree arcs carry flow and flow is stored
 *       per tree node (the flow of the arc to its parent): memory is O(n + m) besides the costs, plus one bit
 *       per arc marking tree arcs;</li>
 *   <li>costs are read from a dense double or float matrix or computed on the fly from point clouds, so
 *       10,000 x 10,000 problems need no 800 MB matrix;</li>
 *   <li>no artificial arcs: the start is a north-west-corner basis (on clouds, with both sides sorted along
 *       the axis of largest spread, which makes it the 1-D optimal plan along that axis), rooted at its first
 *       supply node so that it is strongly feasible. Potentials then stay of the order of the costs, not of
 *       a big-M, which keeps the reduced costs accurate.</li>
 * </ul>
 * Reduced cost of arc (i, j): c_ij + π_i − π_(n+j); tree arcs have 0; optimal when none is below −tol.
 * Potentials are recomputed exactly from the tree every n + m pivots and before declaring optimality.
 */
final class NetworkSimplex {
    private static final int DENSE_DOUBLE = 0;
    private static final int DENSE_FLOAT = 1;
    private static final int POINTS = 2;
    private static final byte UP = 1; // the pred arc goes from the node to its parent
    private static final byte DOWN = -1; // the pred arc goes from the parent to the node

    private final int n;
    private final int m;
    private final int nodes;
    private final int arcs;
    private final double[] supply;
    private final double[] demand;

    private final int kind;
    private final double[] costD;
    private final float[] costF;
    private final double[] px;
    private final double[] py;
    private final int dim;
    private final boolean euclid;
    private final double[] pyT; // y dimension-major (dim x m), for the vectorized pricing when dim != 2
    private final double[] scratch;

    // spanning tree
    private final int[] parent;
    private final int[] pred;
    private final byte[] predDir;
    private final int[] thread;
    private final int[] revThread;
    private final int[] succNum;
    private final int[] lastSucc;
    private final int[] dirtyRevs;
    private final double[] flow;
    private final double[] pi;
    private final long[] inTree;
    private int root;

    // pricing
    private int blockSize;
    private int nextArc;
    private double tol;
    private double bestRc;
    private int bestArc;

    // the current pivot
    private int inArc;
    private int join;
    private int uIn;
    private int vIn;
    private int uOut;
    private double delta;

    private long iterations;
    private long treeRescans;
    /** Test every scanned arc for tree membership (the reference pricing, for tests); off: test the winner only. */
    private boolean checkAllArcs;

    private NetworkSimplex(double[] supply, double[] demand, int kind, double[] costD, float[] costF,
            double[] px, double[] py, int dim, boolean euclid) {
        this.n = supply.length;
        this.m = demand.length;
        this.nodes = n + m;
        long arcCount = (long) n * m;
        if (arcCount > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("n*m = " + arcCount + " exceeds the supported 2^31 - 2 arcs");
        }
        this.arcs = (int) arcCount;
        this.supply = supply;
        this.demand = demand;
        this.kind = kind;
        this.costD = costD;
        this.costF = costF;
        this.px = px;
        this.py = py;
        this.dim = dim;
        this.euclid = euclid;
        if (kind == POINTS && dim != 2) {
            pyT = new double[py.length];
            for (int j = 0; j < m; j++) {
                for (int d = 0; d < dim; d++) {
                    pyT[d * m + j] = py[j * dim + d];
                }
            }
            scratch = new double[m];
        } else {
            pyT = null;
            scratch = null;
        }
        parent = new int[nodes];
        pred = new int[nodes];
        predDir = new byte[nodes];
        thread = new int[nodes];
        revThread = new int[nodes];
        succNum = new int[nodes];
        lastSucc = new int[nodes];
        dirtyRevs = new int[nodes];
        flow = new double[nodes];
        pi = new double[nodes];
        inTree = new long[(arcs >>> 6) + 1];
        blockSize = defaultBlockSize(arcs);
    }

    /**
     * Arcs per pricing block: √(nm) (LEMON's choice) below 1000 x 1000, ½√(nm) from there on. Measured on uniform clouds
     * with all block sizes interleaved (bench/ot/RESULTS.md, "Pricing block size"): ½√(nm) took 0.77–0.97 of the
     * CPU time of √(nm) at n = 1000–5000 (more pivots, each cheaper), and was no better at n = 400.
     */
    static int defaultBlockSize(int arcs) {
        double factor = arcs >= 1_000_000 ? 0.5 : 1.0;
        return Math.max(10, (int) Math.ceil(factor * Math.sqrt((double) arcs)));
    }

    static NetworkSimplex dense(double[] a, double[] b, double[] cost) {
        return new NetworkSimplex(a, b, DENSE_DOUBLE, cost, null, null, null, 0, false);
    }

    static NetworkSimplex dense(double[] a, double[] b, float[] cost) {
        return new NetworkSimplex(a, b, DENSE_FLOAT, null, cost, null, null, 0, false);
    }

    static NetworkSimplex points(double[] a, double[] b, double[] x, double[] y, int dim, Metric metric) {
        return new NetworkSimplex(a, b, POINTS, null, null, x, y, dim, metric == Metric.EUCLIDEAN);
    }

    int n() {
        return n;
    }

    int m() {
        return m;
    }

    long iterations() {
        return iterations;
    }

    /** How many blocks were rescanned because a tree arc won the unchecked scan (rounding drift). */
    long treeRescans() {
        return treeRescans;
    }

    /** Price with the per-arc tree test in every scan (the reference; same pivots, slower). */
    NetworkSimplex checkAllArcs(boolean on) {
        checkAllArcs = on;
        return this;
    }

    /** Overrides the pricing block size (arcs per block; for tuning). */
    NetworkSimplex blockSize(int arcsPerBlock) {
        if (arcsPerBlock < 1) {
            throw new IllegalArgumentException("block size " + arcsPerBlock + "; expected at least 1");
        }
        blockSize = arcsPerBlock;
        return this;
    }

    /** Cost of arc (i, j). */
    double cost(int i, int j) {
        switch (kind) {
            case DENSE_DOUBLE:
                return costD[i * m + j];
            case DENSE_FLOAT:
                return costF[i * m + j];
            default:
                return (euclid ? Metric.EUCLIDEAN : Metric.SQEUCLIDEAN).cost(px, i, py, j, dim);
        }
    }

    private double arcCost(int e) {
        int i = e / m;
        return cost(i, e - i * m);
    }

    private boolean isTree(int e) {
        return (inTree[e >>> 6] & (1L << e)) != 0;
    }

    private void setTree(int e, boolean on) {
        if (on) {
            inTree[e >>> 6] |= 1L << e;
        } else {
            inTree[e >>> 6] &= ~(1L << e);
        }
    }

    /**
     * Runs the simplex. {@code maxCost} is an upper bound on |C_ij| that sets the optimality tolerance.
     * Returns true when optimal, false when {@code maxIterations} pivots were done first.
     */
    boolean solve(int[] rowOrder, int[] colOrder, double maxCost, long maxIterations) {
        tol = 1e-12 * Math.max(maxCost, Double.MIN_NORMAL);
        initialTree(rowOrder, colOrder);
        int sinceRefresh = 0;
        while (true) {
            if (!findEnteringArc()) {
                // Confirm with exact potentials, so that drift cannot end the search early or late.
                computePotentials();
                sinceRefresh = 0;
                if (!findEnteringArc()) {
                    return true;
                }
            }
            if (iterations >= maxIterations) {
                computePotentials();
                return false;
            }
            iterations++;
            findJoinNode();
            if (!findLeavingArc()) {
                throw new IllegalStateException("network simplex: unbounded cycle; costs must be finite");
            }
            changeFlow();
            updateTreeStructure();
            updatePotential();
            if (++sinceRefresh >= nodes) {
                computePotentials();
                sinceRefresh = 0;
            }
        }
    }

    // ---------------------------------------------------------------- initial basis

    /** North-west-corner basis along the given orders, then the tree arrays by a DFS from the first row. */
    private void initialTree(int[] rowOrder, int[] colOrder) {
        int count = nodes - 1;
        int[] arcI = new int[count];
        int[] arcJ = new int[count];
        double[] arcF = new double[count];
        int p = 0;
        int r = 0;
        int c = 0;
        double ra = supply[rowOrder[0]];
        double rb = demand[colOrder[0]];
        while (true) {
            double f = Math.min(ra, rb);
            arcI[p] = rowOrder[r];
            arcJ[p] = colOrder[c];
            arcF[p] = Math.max(f, 0);
            p++;
            ra -= f;
            rb -= f;
            if (r == n - 1 && c == m - 1) {
                break;
            }
            // Ties move to the next row: the zero-flow arc that follows then points towards the root.
            if (c == m - 1 || (r < n - 1 && ra <= rb)) {
                r++;
                ra = supply[rowOrder[r]];
            } else {
                c++;
                rb = demand[colOrder[c]];
            }
        }
        // adjacency (CSR) of the basis
        int[] deg = new int[nodes + 1];
        for (int k = 0; k < count; k++) {
            deg[arcI[k] + 1]++;
            deg[n + arcJ[k] + 1]++;
        }
        for (int u = 0; u < nodes; u++) {
            deg[u + 1] += deg[u];
        }
        int[] fill = Arrays.copyOf(deg, nodes);
        int[] adj = new int[2 * count];
        for (int k = 0; k < count; k++) {
            adj[fill[arcI[k]]++] = k;
            adj[fill[n + arcJ[k]]++] = k;
        }
        // iterative DFS: popping a node and pushing its children yields a preorder with contiguous subtrees
        root = rowOrder[0];
        int[] order = new int[nodes];
        int[] stack = new int[nodes];
        boolean[] seen = new boolean[nodes];
        int sp = 0;
        int len = 0;
        stack[sp++] = root;
        seen[root] = true;
        parent[root] = -1;
        pred[root] = -1;
        predDir[root] = 0;
        flow[root] = 0;
        while (sp > 0) {
            int u = stack[--sp];
            order[len++] = u;
            for (int q = deg[u]; q < deg[u + 1]; q++) {
                int k = adj[q];
                int w = u < n ? n + arcJ[k] : arcI[k];
                if (!seen[w]) {
                    seen[w] = true;
                    parent[w] = u;
                    int e = arcI[k] * m + arcJ[k];
                    pred[w] = e;
                    predDir[w] = w < n ? UP : DOWN;
                    flow[w] = arcF[k];
                    setTree(e, true);
                    stack[sp++] = w;
                }
            }
        }
        if (len != nodes) {
            throw new IllegalStateException("initial basis is not a spanning tree");
        }
        int[] pos = new int[nodes];
        for (int k = 0; k < nodes; k++) {
            pos[order[k]] = k;
            thread[order[k]] = order[(k + 1) % nodes];
            revThread[order[(k + 1) % nodes]] = order[k];
            succNum[order[k]] = 1;
        }
        for (int k = nodes - 1; k > 0; k--) {
            succNum[parent[order[k]]] += succNum[order[k]];
        }
        for (int k = 0; k < nodes; k++) {
            lastSucc[order[k]] = order[k + succNum[order[k]] - 1];
        }
        computePotentials();
    }

    /** π_root = 0 and, down the thread, c + π_source − π_target = 0 on every tree arc. */
    private void computePotentials() {
        pi[root] = 0;
        for (int u = thread[root]; u != root; u = thread[u]) {
            double c = arcCost(pred[u]);
            pi[u] = predDir[u] == UP ? pi[parent[u]] - c : pi[parent[u]] + c;
        }
    }

    // ---------------------------------------------------------------- pricing

    /**
     * Block search: the first block (of {@code blockSize} arcs, cyclically from where the last search stopped)
     * holding an arc with reduced cost below −tol gives the entering arc, its most negative one.
     *
     * <p>The scan kernels do not test whether an arc is in the tree: a tree arc has reduced cost 0 up to
     * rounding, so it can only win a block when rounding drove it below −tol (and ahead of every non-tree arc).
     * That is checked once per pivot on the winner; the block is then rescanned with the per-arc test, which
     * gives exactly the choice of a scan that tests every arc (the choice of {@code checkAllArcs}).
     */
    private boolean findEnteringArc() {
        bestRc = -tol;
        bestArc = -1;
        int e = nextArc;
        int remaining = arcs;
        while (remaining > 0) {
            int len = Math.min(blockSize, remaining);
            int start = e;
            if (checkAllArcs) {
                scanBlockChecked(start, len);
            } else {
                scanBlock(start, len);
                if (bestArc >= 0 && isTree(bestArc)) {
                    treeRescans++;
                    bestRc = -tol;
                    bestArc = -1;
                    scanBlockChecked(start, len);
                }
            }
            e = start + len >= arcs ? start + len - arcs : start + len;
            remaining -= len;
            if (bestArc >= 0) {
                nextArc = e;
                inArc = bestArc;
                return true;
            }
        }
        return false;
    }

    /** Scans the len arcs from start on, wrapping past the last arc. */
    private void scanBlock(int start, int len) {
        int end = start + len;
        if (end <= arcs) {
            scan(start, end);
        } else {
            scan(start, arcs);
            scan(0, end - arcs);
        }
    }

    private void scanBlockChecked(int start, int len) {
        int end = start + len;
        if (end <= arcs) {
            scanChecked(start, end);
        } else {
            scanChecked(start, arcs);
            scanChecked(0, end - arcs);
        }
    }

    /**
     * The reference scan: every arc's reduced cost by {@link #cost} (the same floating-point operations, in the
     * same order, as the kernels below), tree arcs skipped.
     */
    private void scanChecked(int from, int to) {
        for (int e = from; e < to; e++) {
            int i = e / m;
            int j = e - i * m;
            double rc = cost(i, j) + pi[i] - pi[n + j];
            if (rc < bestRc && !isTree(e)) {
                bestRc = rc;
                bestArc = e;
            }
        }
    }

    /** Updates bestRc / bestArc over arcs [from, to), row by row. */
    private void scan(int from, int to) {
        int i = from / m;
        int j = from - i * m;
        int e = from;
        while (e < to) {
            int jEnd = Math.min(m, j + (to - e));
            switch (kind) {
                case DENSE_DOUBLE:
                    scanDenseDouble(i, j, jEnd);
                    break;
                case DENSE_FLOAT:
                    scanDenseFloat(i, j, jEnd);
                    break;
                default:
                    if (dim == 2) {
                        scanPoints2(i, j, jEnd);
                    } else {
                        scanPoints(i, j, jEnd);
                    }
            }
            e += jEnd - j;
            i++;
            j = 0;
        }
    }

    private void scanDenseDouble(int i, int j0, int j1) {
        final double[] c = costD;
        final double[] p = pi;
        final int base = i * m;
        final int off = n;
        double best = bestRc;
        double pii = p[i];
        for (int j = j0; j < j1; j++) {
            double rc = c[base + j] + pii - p[off + j];
            if (rc < best) {
                best = rc;
                bestArc = base + j;
            }
        }
        bestRc = best;
    }

    private void scanDenseFloat(int i, int j0, int j1) {
        final float[] c = costF;
        final double[] p = pi;
        final int base = i * m;
        final int off = n;
        double best = bestRc;
        double pii = p[i];
        for (int j = j0; j < j1; j++) {
            double rc = c[base + j] + pii - p[off + j];
            if (rc < best) {
                best = rc;
                bestArc = base + j;
            }
        }
        bestRc = best;
    }

    private void scanPoints2(int i, int j0, int j1) {
        final double[] y = py;
        final double[] p = pi;
        final int base = i * m;
        final int off = n;
        final double x0 = px[2 * i];
        final double x1 = px[2 * i + 1];
        final boolean sq = !euclid;
        double best = bestRc;
        double pii = p[i];
        for (int j = j0; j < j1; j++) {
            double d0 = x0 - y[2 * j];
            double d1 = x1 - y[2 * j + 1];
            double s = d0 * d0 + d1 * d1;
            double rc = (sq ? s : Math.sqrt(s)) + pii - p[off + j];
            if (rc < best) {
                best = rc;
                bestArc = base + j;
            }
        }
        bestRc = best;
    }

    /**
     * Dimension-major pass: for each coordinate d, s_j += (x_id − y_jd)² over the whole row segment, loops the
     * JIT vectorizes; then one pass for the reduced costs.
     */
    private void scanPoints(int i, int j0, int j1) {
        final double[] yt = pyT;
        final double[] s = scratch;
        final double[] p = pi;
        final int base = i * m;
        final int off = n;
        final int xi = i * dim;
        final int len = j1 - j0;
        double x0 = px[xi];
        for (int k = 0; k < len; k++) {
            double t = x0 - yt[j0 + k];
            s[k] = t * t;
        }
        for (int d = 1; d < dim; d++) {
            final double xd = px[xi + d];
            final int o = d * m + j0;
            for (int k = 0; k < len; k++) {
                double t = xd - yt[o + k];
                s[k] += t * t;
            }
        }
        final boolean sq = !euclid;
        double best = bestRc;
        double pii = p[i];
        for (int k = 0; k < len; k++) {
            int j = j0 + k;
            double rc = (sq ? s[k] : Math.sqrt(s[k])) + pii - p[off + j];
            if (rc < best) {
                best = rc;
                bestArc = base + j;
            }
        }
        bestRc = best;
    }

    // ---------------------------------------------------------------- pivot

    private void findJoinNode() {
        int u = inArc / m;
        int v = n + (inArc - u * m);
        while (u != v) {
            if (succNum[u] < succNum[v]) {
                u = parent[u];
            } else {
                v = parent[v];
            }
        }
        join = u;
    }

    /**
     * Flow is pushed around the cycle source → target (the entering arc), target ↑ join, join ↓ source; the
     * leaving arc is the last blocking arc met from the join in that direction (strongly feasible rule).
     */
    private boolean findLeavingArc() {
        int first = inArc / m;
        int second = n + (inArc - first * m);
        delta = Double.POSITIVE_INFINITY;
        int result = 0;
        for (int u = first; u != join; u = parent[u]) {
            if (predDir[u] == UP && flow[u] < delta) {
                delta = flow[u];
                uOut = u;
                result = 1;
            }
        }
        for (int u = second; u != join; u = parent[u]) {
            if (predDir[u] == DOWN && flow[u] <= delta) {
                delta = flow[u];
                uOut = u;
                result = 2;
            }
        }
        if (result == 1) {
            uIn = first;
            vIn = second;
        } else {
            uIn = second;
            vIn = first;
        }
        return result != 0;
    }

    private void changeFlow() {
        if (delta > 0) {
            int s = inArc / m;
            int t = n + (inArc - s * m);
            for (int u = s; u != join; u = parent[u]) {
                flow[u] -= predDir[u] * delta;
            }
            for (int u = t; u != join; u = parent[u]) {
                flow[u] += predDir[u] * delta;
            }
        }
        setTree(pred[uOut], false);
        setTree(inArc, true);
    }

    private void updateTreeStructure() {
        final int oldRevThread = revThread[uOut];
        final int oldSuccNum = succNum[uOut];
        final int oldLastSucc = lastSucc[uOut];
        final int vOut = parent[uOut];
        final byte inDir = uIn < n ? UP : DOWN;

        if (uIn == uOut) {
            parent[uIn] = vIn;
            pred[uIn] = inArc;
            predDir[uIn] = inDir;
            flow[uIn] = delta;
            if (thread[vIn] != uOut) {
                int after = thread[oldLastSucc];
                thread[oldRevThread] = after;
                revThread[after] = oldRevThread;
                after = thread[vIn];
                thread[vIn] = uOut;
                revThread[uOut] = vIn;
                thread[oldLastSucc] = after;
                revThread[after] = oldLastSucc;
            }
        } else {
            // when the old reverse thread of uOut is vIn, the join and vOut coincide
            int threadContinue = oldRevThread == vIn ? thread[oldLastSucc] : thread[vIn];
            // re-hang the stem nodes between uIn and uOut, fixing the thread as we go
            int stem = uIn;
            int parStem = vIn;
            int last = lastSucc[uIn];
            int after = thread[last];
            int dirty = 0;
            thread[vIn] = uIn;
            dirtyRevs[dirty++] = vIn;
            while (stem != uOut) {
                int nextStem = parent[stem];
                thread[last] = nextStem;
                dirtyRevs[dirty++] = last;
                int before = revThread[stem];
                thread[before] = after;
                revThread[after] = before;
                parent[stem] = parStem;
                parStem = stem;
                stem = nextStem;
                last = lastSucc[stem] == lastSucc[parStem] ? revThread[parStem] : lastSucc[stem];
                after = thread[last];
            }
            parent[uOut] = parStem;
            thread[last] = threadContinue;
            revThread[threadContinue] = last;
            lastSucc[uOut] = last;
            if (oldRevThread != vIn) {
                thread[oldRevThread] = after;
                revThread[after] = oldRevThread;
            }
            for (int k = 0; k < dirty; k++) {
                int u = dirtyRevs[k];
                revThread[thread[u]] = u;
            }
            // shift pred arcs (with their flow) one step along the reversed stem
            int tmpSc = 0;
            int tmpLs = lastSucc[uOut];
            for (int u = uOut, p = parent[u]; u != uIn; u = p, p = parent[u]) {
                pred[u] = pred[p];
                predDir[u] = (byte) -predDir[p];
                flow[u] = flow[p];
                tmpSc += succNum[u] - succNum[p];
                succNum[u] = tmpSc;
                lastSucc[p] = tmpLs;
            }
            pred[uIn] = inArc;
            predDir[uIn] = inDir;
            flow[uIn] = delta;
            succNum[uIn] = oldSuccNum;
        }

        int upLimitOut = lastSucc[join] == vIn ? join : -1;
        int lastSuccOut = lastSucc[uOut];
        for (int u = vIn; u != -1 && lastSucc[u] == vIn; u = parent[u]) {
            lastSucc[u] = lastSuccOut;
        }
        if (join != oldRevThread && vIn != oldRevThread) {
            for (int u = vOut; u != upLimitOut && lastSucc[u] == oldLastSucc; u = parent[u]) {
                lastSucc[u] = oldRevThread;
            }
        } else if (lastSuccOut != oldLastSucc) {
            for (int u = vOut; u != upLimitOut && lastSucc[u] == oldLastSucc; u = parent[u]) {
                lastSucc[u] = lastSuccOut;
            }
        }
        for (int u = vIn; u != join; u = parent[u]) {
            succNum[u] += oldSuccNum;
        }
        for (int u = vOut; u != join; u = parent[u]) {
            succNum[u] -= oldSuccNum;
        }
    }

    /** Shifts the potentials of the moved subtree so that the entering arc gets reduced cost 0. */
    private void updatePotential() {
        double sigma = pi[vIn] - pi[uIn] - predDir[uIn] * arcCost(inArc);
        int end = thread[lastSucc[uIn]];
        for (int u = uIn; u != end; u = thread[u]) {
            pi[u] += sigma;
        }
    }

    // ---------------------------------------------------------------- results

    /** Visits the tree arcs with positive flow: (i, j, flow). */
    interface ArcVisitor {
        void visit(int i, int j, double flow);
    }

    void forEachFlow(ArcVisitor visitor) {
        for (int u = 0; u < nodes; u++) {
            if (u != root && flow[u] > 0) {
                int i = pred[u] / m;
                visitor.visit(i, pred[u] - i * m, flow[u]);
            }
        }
    }

    /** Row potential in the (u, v) convention: u_i = −π_i, so that u_i + v_j ≤ C_ij. */
    double rowDual(int i) {
        return -pi[i];
    }

    /** Column potential v_j = π_(n+j). */
    double colDual(int j) {
        return pi[n + j];
    }

    /** Checks the tree invariants (for tests): spanning, thread preorder, subtree sizes, flows, marginals. */
    String checkInvariants() {
        int count = 0;
        int u = root;
        boolean[] seen = new boolean[nodes];
        do {
            if (seen[u]) {
                return "thread revisits node " + u;
            }
            seen[u] = true;
            if (revThread[thread[u]] != u) {
                return "revThread broken at " + u;
            }
            count++;
            u = thread[u];
        } while (u != root);
        if (count != nodes) {
            return "thread visits " + count + " of " + nodes + " nodes";
        }
        int[] size = new int[nodes];
        Arrays.fill(size, 1);
        // reverse thread order = children before parents
        for (u = revThread[root]; u != root; u = revThread[u]) {
            size[parent[u]] += size[u];
        }
        double[] rs = new double[n];
        double[] cs = new double[m];
        int treeArcs = 0;
        for (u = 0; u < nodes; u++) {
            if (size[u] != succNum[u]) {
                return "succNum of " + u + " is " + succNum[u] + ", subtree has " + size[u];
            }
            if (u == root) {
                continue;
            }
            int e = pred[u];
            int i = e / m;
            int j = e - i * m;
            int s = i;
            int t = n + j;
            if (!((predDir[u] == UP && s == u && t == parent[u]) || (predDir[u] == DOWN && t == u && s == parent[u]))) {
                return "pred arc of " + u + " does not join it to its parent";
            }
            if (!isTree(e)) {
                return "tree arc " + e + " not marked";
            }
            if (flow[u] < 0) {
                return "negative flow at " + u;
            }
            rs[i] += flow[u];
            cs[j] += flow[u];
            treeArcs++;
            // the last successor ends the subtree in thread order
            int w = u;
            for (int k = 1; k < succNum[u]; k++) {
                w = thread[w];
            }
            if (w != lastSucc[u]) {
                return "lastSucc of " + u + " is " + lastSucc[u] + ", thread says " + w;
            }
        }
        long marked = 0;
        for (long word : inTree) {
            marked += Long.bitCount(word);
        }
        if (marked != treeArcs) {
            return marked + " arcs marked, tree has " + treeArcs;
        }
        for (int i = 0; i < n; i++) {
            if (Math.abs(rs[i] - supply[i]) > 1e-12) {
                return "row " + i + " ships " + rs[i] + " of " + supply[i];
            }
        }
        for (int j = 0; j < m; j++) {
            if (Math.abs(cs[j] - demand[j]) > 1e-12) {
                return "column " + j + " receives " + cs[j] + " of " + demand[j];
            }
        }
        return null;
    }
}
