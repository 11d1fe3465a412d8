package io.ticketflow.respond;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexReaderContext;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermState;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.TermQuery;

/**
 * One query word of a {@code cross_fields} match: the same term in several fields (title, tags, body), scored as the
 * best of its fields (each with its boost) after the fields' term statistics are blended, the way Elasticsearch
 * scores {@code cross_fields} (its blended term query), so that a word rare in the titles but common in the bodies is
 * not worth more for appearing in a title. The rule, per word:
 * <ul>
 * <li>the document frequency of every field that has the word becomes the highest of them (at least as many articles
 * have the word), plus one for each step down to a field with fewer: the field where the word is commonest stays the
 * cheapest; each capped by the number of documents with that field and by the smallest token count of the fields that
 * have the word (statistics must stay possible);</li>
 * <li>the total term frequency becomes the sum over those fields (capped the same way); BM25 does not use it, it only
 * keeps the statistics consistent;</li>
 * <li>a field without the word stays without it: it matches nothing.</li>
 * </ul>
 * Lucene's own {@code BlendedTermQuery} blends without the steps and the caps; its scores would differ a little from
 * the Elasticsearch index's, and {@code min-score} was measured there.
 */
final class BlendedTerms extends Query {

    private final Term[] terms;
    private final float[] boosts;
    /**
     * The last rewrite and the reader it was for: a word a message repeats is one instance in its query
     * ({@link ArticleSearch}), and the query's rewrite reaches it once per occurrence; the answer is the same each time.
     */
    private volatile Rewritten last;

    private record Rewritten(IndexReader reader, Query query) {
    }

    BlendedTerms(Term[] terms, float[] boosts) {
        this.terms = terms.clone();
        this.boosts = boosts.clone();
    }

    @Override
    public Query rewrite(IndexSearcher searcher) throws IOException {
        IndexReader reader = searcher.getIndexReader();
        Rewritten done = last;
        if (done != null && done.reader() == reader) {
            return done.query();
        }
        Query rewritten = rewrite(reader, searcher);
        last = new Rewritten(reader, rewritten);
        return rewritten;
    }

    private Query rewrite(IndexReader reader, IndexSearcher searcher) throws IOException {
        TermStates[] states = new TermStates[terms.length];
        for (int i = 0; i < terms.length; i++) {
            states[i] = TermStates.build(searcher, terms[i], true);
        }
        if (terms.length > 1) {
            blend(states, reader);
        }
        List<Query> perField = new ArrayList<>(terms.length);
        for (int i = 0; i < terms.length; i++) {
            Query q = new TermQuery(terms[i], states[i]);
            perField.add(boosts[i] == 1f ? q : new BoostQuery(q, boosts[i]));
        }
        return new DisjunctionMaxQuery(perField, 0f);
    }

    private void blend(TermStates[] states, IndexReader reader) throws IOException {
        int highest = 0;
        long fewestTokens = Long.MAX_VALUE;
        for (int i = 0; i < states.length; i++) {
            highest = Math.max(highest, states[i].docFreq());
            if (states[i].totalTermFreq() > 0) {
                fewestTokens = Math.min(fewestTokens, reader.getSumTotalTermFreq(terms[i].field()));
            }
        }
        if (highest == 0) {
            return;
        }
        int cap = (int) Math.min(reader.maxDoc(), fewestTokens);
        // commonest field first; fields with equal frequencies keep their order (a stable sort)
        Integer[] order = new Integer[states.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> states[i].docFreq()).reversed());
        int previous = states[order[0]].docFreq();
        int rank = Math.min(cap, highest);
        long tokens = 0;
        for (int i : order) {
            int df = states[i].docFreq();
            if (df == 0) {
                break;
            }
            if (previous > df) {
                rank++;
            }
            int blended = Math.min(Math.min(rank, reader.getDocCount(terms[i].field())), cap);
            states[i] = restate(reader.getContext(), states[i], blended, Math.max(states[i].totalTermFreq(), blended));
            previous = df;
            tokens += states[i].totalTermFreq();
        }
        tokens = Math.min(tokens, fewestTokens);
        for (int i = 0; i < states.length; i++) {
            if (states[i].docFreq() > 0) {
                states[i] = restate(reader.getContext(), states[i], states[i].docFreq(), tokens);
            }
        }
    }

    /** The same postings with other statistics (counted once, on the first segment that has the term). */
    private static TermStates restate(IndexReaderContext top, TermStates states, int docFreq, long totalTermFreq)
            throws IOException {
        TermStates out = new TermStates(top);
        boolean first = true;
        List<LeafReaderContext> leaves = top.leaves();
        for (int ord = 0; ord < leaves.size(); ord++) {
            TermState state = states.get(leaves.get(ord));
            if (state != null) {
                out.register(state, ord, first ? docFreq : 0, first ? totalTermFreq : 0);
                first = false;
            }
        }
        return out;
    }

    @Override
    public void visit(QueryVisitor visitor) {
        for (Term t : terms) {
            if (!visitor.acceptField(t.field())) {
                return;
            }
        }
        visitor.getSubVisitor(BooleanClause.Occur.SHOULD, this).consumeTerms(this, terms);
    }

    @Override
    public String toString(String field) {
        StringBuilder sb = new StringBuilder("blended(");
        for (int i = 0; i < terms.length; i++) {
            sb.append(i == 0 ? "" : " ").append(terms[i]).append(boosts[i] == 1f ? "" : "^" + boosts[i]);
        }
        return sb.append(')').toString();
    }

    @Override
    public boolean equals(Object other) {
        return sameClassAs(other) && Arrays.equals(terms, ((BlendedTerms) other).terms)
                && Arrays.equals(boosts, ((BlendedTerms) other).boosts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(classHash(), Arrays.hashCode(terms), Arrays.hashCode(boosts));
    }
}
