package io.ticketflow.respond;

import io.ticketflow.store.KnowledgeIndex;
import io.ticketflow.store.KnowledgeIndex.Article;
import io.ticketflow.store.KnowledgeIndex.Match;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInvertState;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.search.similarities.Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;

/**
 * One loaded version of the knowledge base, searched in-process: the articles in an in-memory Lucene index (the
 * Lucene version of the Elasticsearch server) with the fields, analyzers and scoring of the {@code ticketflow-knowledge}
 * index and the query {@link KnowledgeIndex#search} sends there, so a suggestion and its score are the ones
 * Elasticsearch would give, without a search request per new ticket. Built once, never changed: any number of intake
 * workers search it at once. A reload builds a new one; the old one is left to the garbage collector (heap only, no
 * files, nothing to close), so a search still running on it finishes undisturbed.
 */
final class ArticleSearch {

    /** The index template's fields: title and tags weigh double (they say what the article is about). */
    private static final Map<String, Float> FIELDS = Map.of("title", 2f, "tags", 2f, "body", 1f);
    private static final List<String> FIELD_ORDER = List.of("title", "tags", "body");
    private static final Analyzer PLAIN = new StandardAnalyzer(CharArraySet.EMPTY_SET);
    /** The template's {@code knowledge_eng} ...: the standard analyzer with Elasticsearch's named stop-word lists. */
    private static final Map<String, Analyzer> STOP_WORDS = Map.of(
            "eng", new StandardAnalyzer(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET),
            "deu", new StandardAnalyzer(GermanAnalyzer.getDefaultStopSet()),
            "spa", new StandardAnalyzer(SpanishAnalyzer.getDefaultStopSet()),
            "fra", new StandardAnalyzer(FrenchAnalyzer.getDefaultStopSet()));
    private static final Similarity SIMILARITY = new ElasticsearchBm25();

    static {
        // a 1000-character message searched in four languages over three fields (Elasticsearch's limit is 4096 or more)
        IndexSearcher.setMaxClauseCount(Math.max(IndexSearcher.getMaxClauseCount(), 8192));
        if (!STOP_WORDS.keySet().equals(KnowledgeIndex.ANALYSED_LANGUAGES)) {
            throw new IllegalStateException("stop words for " + STOP_WORDS.keySet() + ", the index template has "
                    + KnowledgeIndex.ANALYSED_LANGUAGES);
        }
    }

    private final List<Article> articles;
    private final IndexSearcher searcher;
    private final long bytes;
    /** Per field suffix ("", ".eng" ...), the words title, tags or body have: other words of a message match nothing. */
    private final Map<String, Set<BytesRef>> vocabulary;
    /**
     * Per field suffix, the query of each known word met so far, shared by every search: its rewrite (the fields' term
     * look-ups and blended statistics, {@link BlendedTerms}) depends on the word and this index only, neither of which
     * changes, so it is done once per word instead of once per message. At most the vocabulary's size.
     */
    private final Map<String, Map<BytesRef, BlendedTerms>> words = new ConcurrentHashMap<>();

    private ArticleSearch(List<Article> articles, IndexSearcher searcher, long bytes) throws IOException {
        this.articles = articles;
        this.searcher = searcher;
        this.bytes = bytes;
        this.vocabulary = new HashMap<>();
        List<String> suffixes = new ArrayList<>(List.of(""));
        STOP_WORDS.keySet().forEach(l -> suffixes.add("." + l));
        for (String suffix : suffixes) {
            Set<BytesRef> words = new HashSet<>();
            for (String field : FIELD_ORDER) {
                Terms terms = MultiTerms.getTerms(searcher.getIndexReader(), field + suffix);
                if (terms != null) {
                    TermsEnum e = terms.iterator();
                    for (BytesRef t = e.next(); t != null; t = e.next()) {
                        words.add(BytesRef.deepCopyOf(t));
                    }
                }
            }
            vocabulary.put(suffix, Set.copyOf(words));
        }
    }

    /** The articles indexed in their order (a Lucene document number is the article's position). */
    static ArticleSearch of(List<Article> articles) {
        Map<String, Analyzer> perField = new HashMap<>();
        STOP_WORDS.forEach((language, analyzer) -> FIELDS.keySet().forEach(f -> perField.put(f + "." + language, analyzer)));
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        IndexWriterConfig config = new IndexWriterConfig(new PerFieldAnalyzerWrapper(PLAIN, perField))
                .setSimilarity(SIMILARITY).setCommitOnClose(true);
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            for (Article a : articles) {
                writer.addDocument(document(a));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("indexing knowledge articles in memory", e);
        }
        try {
            IndexSearcher searcher = new IndexSearcher(DirectoryReader.open(directory));
            searcher.setSimilarity(SIMILARITY);
            // a few dozen documents: caching filters would only cost
            searcher.setQueryCache(null);
            long bytes = 0;
            for (String file : directory.listAll()) {
                bytes += directory.fileLength(file);
            }
            return new ArticleSearch(List.copyOf(articles), searcher, bytes);
        }
        catch (IOException e) {
            throw new UncheckedIOException("opening the in-memory knowledge index", e);
        }
    }

    private static Document document(Article a) {
        Document doc = new Document();
        doc.add(new StringField("language", a.language(), Field.Store.NO));
        Map<String, List<String>> values = Map.of("title", List.of(a.title()), "tags", a.tags() == null ? List.of()
                : a.tags(), "body", List.of(a.body()));
        values.forEach((field, texts) -> {
            for (String text : texts) {
                doc.add(new TextField(field, text, Field.Store.NO));
                STOP_WORDS.keySet().forEach(l -> doc.add(new TextField(field + "." + l, text, Field.Store.NO)));
            }
        });
        return doc;
    }

    int size() {
        return articles.size();
    }

    /** Heap the index files take (the articles' text is held by the loaded articles anyway). */
    long bytes() {
        return bytes;
    }

    /**
     * As {@link KnowledgeIndex#search}: the best articles in {@code language} (null: every analysed language, each
     * article with its own language's stop words), scoring at least {@code minScore}, best first; equal scores in
     * index order.
     */
    List<Match> search(String text, String language, double minScore, int max) {
        return search(text, language, minScore, max, true);
    }

    /**
     * {@link #search}; {@code shareWords} false: a query per occurrence of a word, rewritten for this search alone (the
     * reference in the tests).
     */
    List<Match> search(String text, String language, double minScore, int max, boolean shareWords) {
        if (text == null || text.isBlank() || max <= 0 || articles.isEmpty()) {
            return List.of();
        }
        List<String> languages = language != null && !language.isBlank() ? List.of(language)
                : List.copyOf(KnowledgeIndex.ANALYSED_LANGUAGES);
        BooleanQuery.Builder any = new BooleanQuery.Builder().setMinimumNumberShouldMatch(1);
        boolean words = false;
        for (String l : languages) {
            Query match = crossFields(text, l, shareWords);
            if (match != null) {
                words = true;
                any.add(new BooleanQuery.Builder().add(match, Occur.MUST)
                        .add(new TermQuery(new Term("language", l)), Occur.FILTER).build(), Occur.SHOULD);
            }
        }
        if (!words) {
            return List.of();
        }
        try {
            List<Match> found = new ArrayList<>();
            for (ScoreDoc hit : searcher.search(any.build(), max).scoreDocs) {
                if (hit.score >= minScore) {
                    found.add(new Match(articles.get(hit.doc), hit.score));
                }
            }
            return found;
        }
        catch (IOException e) {
            throw new UncheckedIOException("searching the in-memory knowledge index", e);
        }
    }

    /**
     * The {@code multi_match} of type {@code cross_fields}: the text analysed once with the fields' analyzer, every
     * word one clause (a repeated word counts again), each clause the word blended over title, tags and body. Null
     * when the text has no words left (only stop words).
     */
    private Query crossFields(String text, String language, boolean shareWords) {
        String suffix = STOP_WORDS.containsKey(language) ? "." + language : "";
        Analyzer analyzer = STOP_WORDS.getOrDefault(language, PLAIN);
        Set<BytesRef> known = vocabulary.get(suffix);
        // a word is one BlendedTerms instance in every search (repeated or not), so that its statistics are looked up
        // and blended once
        Map<BytesRef, BlendedTerms> seen = words.computeIfAbsent(suffix, s -> new ConcurrentHashMap<>());
        QueryBuilder words = new QueryBuilder(analyzer) {
            @Override
            protected Query newTermQuery(Term term, float boost) {
                if (!known.contains(term.bytes())) {
                    // in no article: its clause would match nothing and add nothing, only cost the term look-ups
                    return new MatchNoDocsQuery();
                }
                BlendedTerms same = shareWords ? seen.get(term.bytes()) : null;
                if (same != null) {
                    return same;
                }
                BytesRef bytes = BytesRef.deepCopyOf(term.bytes());
                Term[] terms = new Term[FIELD_ORDER.size()];
                float[] boosts = new float[terms.length];
                for (int i = 0; i < terms.length; i++) {
                    terms[i] = new Term(FIELD_ORDER.get(i) + suffix, bytes);
                    boosts[i] = FIELDS.get(FIELD_ORDER.get(i));
                }
                BlendedTerms word = new BlendedTerms(terms, boosts);
                if (!shareWords) {
                    return word;
                }
                BlendedTerms raced = seen.putIfAbsent(bytes, word);
                return raced != null ? raced : word;
            }
        };
        return words.createBooleanQuery(FIELD_ORDER.get(0) + suffix, text, Occur.SHOULD);
    }

    /**
     * Elasticsearch's default similarity: Lucene's BM25 (k1 1.2, b 0.75) times {@code k1 + 1}, the factor Lucene
     * dropped and Elasticsearch keeps, so {@code min-score} means what it meant on the Elasticsearch index.
     */
    private static final class ElasticsearchBm25 extends Similarity {
        private final BM25Similarity bm25 = new BM25Similarity();

        @Override
        public long computeNorm(FieldInvertState state) {
            return bm25.computeNorm(state);
        }

        @Override
        public SimScorer scorer(float boost, CollectionStatistics collection, TermStatistics... terms) {
            return bm25.scorer(boost * (1 + bm25.getK1()), collection, terms);
        }
    }
}
