"""The e5 + n-gram model's word block: jieba word 1–2-grams beside the char n-grams and the
embedding; saved with the model, and models saved before it load without it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from classifier.model import E5NgramModel, ngram_view, word_view

TEXTS = ["小区门口有人占道经营摆摊卖菜", "学校违规收取补课费用", "工地夜间施工噪声扰民", "公司拖欠工资三个月不发",
         "路边摊贩占道经营影响通行", "幼儿园乱收费要求家长补课", "搅拌站半夜施工噪声很大", "老板拖欠农民工工资"] * 3
LABELS = ["城乡建设", "教育文体", "环境保护", "劳动和社会保障"] * 6


def test_word_view_cuts_words_and_ignores_punctuation():
    assert word_view("公司拖欠工资！！三个月") == word_view("公司拖欠工资三个月")
    assert word_view("公司拖欠工资三个月").split()[0] == "公司" and len(word_view("公司拖欠工资三个月").split()) >= 3


def test_word_block_round_trip_and_older_models_load_without_it(tmp_path, encoder, save_as_older):
    emb = encoder.encode(TEXTS)
    m = E5NgramModel(encoder=encoder).fit(TEXTS, LABELS, emb=emb)
    assert m.wvec is not None and m.coef_.shape[1] == \
        2 * len(m.vec.vocabulary_) + encoder.dim + len(m.wvec.vocabulary_) + len(m.labels)   # (chars twice: the head)
    d = tmp_path / "m"
    d.mkdir()
    m.save(d)
    again = E5NgramModel.load(d, encoder=encoder)
    np.testing.assert_allclose(again.predict_proba(TEXTS, emb=emb), m.predict_proba(TEXTS, emb=emb), atol=1e-6)

    # a model from before the word block: no word files, no word weight in its config
    old = E5NgramModel(encoder=encoder, word_weight=0.0).fit(TEXTS, LABELS, emb=emb)
    assert old.wvec is None
    d2 = save_as_older(old, tmp_path / "old", "e5_ngram.json", "word_weight")
    loaded = E5NgramModel.load(d2, encoder=encoder)
    assert loaded.wvec is None
    np.testing.assert_allclose(loaded.predict_proba(TEXTS, emb=emb), old.predict_proba(TEXTS, emb=emb), atol=1e-6)

    # a config that lost the word block while the head has its weights: a clear refusal
    cfg = json.loads((d / "e5_ngram.json").read_text(encoding="utf-8"))
    (d / "e5_ngram.json").write_text(json.dumps({**cfg, "word_weight": 0.0}), encoding="utf-8")
    with pytest.raises(ValueError, match="模型文件不一致"):
        E5NgramModel.load(d, encoder=encoder)


def test_fast_tfidf_and_blockwise_head_match_scikit_learn(encoder):
    """``tfidf_transform`` (the serving path) gives scikit-learn's matrix, and the head summed block
    by block gives the scores over the stacked features, for every block kind and for texts with no
    known n-gram at all."""
    from scipy import sparse

    from classifier.department import DepartmentModel
    from classifier.model import linear_scores, ngram_view, tfidf_transform

    emb = encoder.encode(TEXTS)
    m = E5NgramModel(encoder=encoder).fit(TEXTS, LABELS, emb=emb)
    probe = TEXTS[:5] + ["", "！！！", "ABC abc 123", "从未见过的词语组合"]
    for vec, view in ((m.vec, ngram_view), (m.wvec, word_view)):
        docs = [view(t) for t in probe]
        want, got = vec.transform(docs), tfidf_transform(vec, docs)
        assert isinstance(got, sparse.csr_matrix) and got.shape == want.shape and got.nnz == want.nnz > 0
        assert abs(want - got).max() < 1e-12
    pe = encoder.encode(probe)
    stacked = linear_scores(m, m._features(probe, pe), m.coef_) + m.intercept_ + 0.2 * m.neighbours.votes(pe)
    np.testing.assert_allclose(m.decision_function(probe, pe), stacked, atol=1e-9)
    d = DepartmentModel().fit(TEXTS, emb, [["D1"], ["D2"], ["D3"], ["D1", "D4"]] * 6)
    stacked = linear_scores(d, d._features(probe, pe), d.coef_) + d.intercept_
    np.testing.assert_allclose(d.decision_function(probe, pe), stacked, atol=1e-6)


def test_fast_ngram_counts_are_scikit_learns():
    """The serving path keys char n-grams as integers and builds word n-grams with C loops; the
    matrices must be the analyzers' own: white-space runs, upper case, short texts, rare code
    points, n-grams the vocabulary lacks, and other n-gram ranges (n > 3: the string path)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from classifier.model import _gram_table, _word_ngrams, tfidf_transform

    docs = TEXTS[:6] + ["", "a", "Ab", "a  b\t\tc\n", "噪音  扰民 ，夜里", "ＡＢＣ１２３", "x" * 7,
                        "𠀀𪚥 emoji 😀😀 \U0010fffd"]
    probe = docs + ["从未见过的词语组合", "ZZZ qqq", "噪音扰民夜里AB"]
    for lo, hi in ((1, 3), (1, 1), (2, 3), (3, 3), (2, 4)):
        for lower in (True, False):
            vec = TfidfVectorizer(analyzer="char", ngram_range=(lo, hi), lowercase=lower,
                                  sublinear_tf=True).fit(docs)
            assert (_gram_table(vec) is None) == (hi > 3)
            want, got = vec.transform(probe), tfidf_transform(vec, probe)
            assert got.shape == want.shape and got.nnz == want.nnz, (lo, hi, lower)
            assert abs(want - got).max() < 1e-12, (lo, hi, lower)
        words = TfidfVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False,
                                ngram_range=(lo, hi)).build_analyzer()
        for d in docs + [word_view(t) for t in TEXTS[:4]] + ["一 二 三 四 五"]:
            assert _word_ngrams(d, lo, hi) == words(d), (lo, hi, d)


def test_stop_words_are_dropped_and_saved_with_the_model(tmp_path, encoder, save_as_older):
    """Raw text keeps the stop words the segmented rows lost: both views drop the model's stop
    list, which travels in the model's files (a later edit of stopwords.txt changes nothing), and
    models saved before the stop list read every word as they did."""
    emb = encoder.encode(TEXTS)
    m = E5NgramModel(encoder=encoder).fit(TEXTS, LABELS, emb=emb)
    assert m.stop_words and "的" in m.stop_words and m.class_weight == "balanced"
    chars, words = m._views(["我们小区的门口有人占道经营了", "小区门口有人占道经营"])
    assert chars[0] == chars[1] and words[0] == words[1] and "的" not in words[0].split()
    probe = ["我们小区的门口有人占道经营了", "小区门口有人占道经营"]
    pe = encoder.encode(["小区门口有人占道经营"] * 2)
    s = m.decision_function(probe, pe)
    np.testing.assert_allclose(s[0], s[1], atol=1e-9)

    d = tmp_path / "m"
    d.mkdir()
    m.save(d)
    cfg = json.loads((d / "e5_ngram.json").read_text(encoding="utf-8"))
    assert "的" in cfg["stop_words"] and cfg["class_weight"] == "balanced"
    cfg["stop_words"] = sorted(set(cfg["stop_words"]) - {"的"})  # the saved list rules, not the file's
    (d / "e5_ngram.json").write_text(json.dumps(cfg, ensure_ascii=False), encoding="utf-8")
    again = E5NgramModel.load(d, encoder=encoder)
    assert "的" not in again.stop_words and "了" in again.stop_words

    # a model saved before the stop list: its config has no stop_words, its views keep every word
    old = E5NgramModel(encoder=encoder, drop_stop_words=False, class_weight=None).fit(TEXTS, LABELS, emb=emb)
    d2 = save_as_older(old, tmp_path / "old", "e5_ngram.json", "stop_words", "class_weight")
    loaded = E5NgramModel.load(d2, encoder=encoder)
    assert loaded.stop_words is None
    assert loaded._views(probe)[0] == [ngram_view(t) for t in probe] != m._views(probe)[0][:1] * 2
    np.testing.assert_allclose(loaded.predict_proba(TEXTS, emb=emb), old.predict_proba(TEXTS, emb=emb), atol=1e-6)


def test_taxonomy_block_reads_the_category_tree_and_travels_with_the_model(tmp_path, encoder, save_as_older):
    """The category tree (``complaints/taxonomy.csv``) gives one feature per label: the best
    cosine between the complaint and that label's 一级：二级：三级 paths; the term vectors are saved
    with the model, a label the tree lacks stands for itself, and models saved before the block
    load without it."""
    from classifier.data import load_label_terms

    (tmp_path / "complaints").mkdir()
    (tmp_path / "complaints" / "taxonomy.csv").write_text(
        "一级分类,二级分类,三级分类\n城乡建设,城市管理,占道经营\n城乡建设,城市管理,违章搭建\n"
        "教育文体,教育,学校收费\n环境保护,噪声污染,施工噪声\n政法,治安,盗窃\n", encoding="utf-8")
    terms = load_label_terms(tmp_path)
    assert terms["城乡建设"] == ["城乡建设：城市管理：占道经营", "城乡建设：城市管理：违章搭建"]
    assert load_label_terms(tmp_path / "nowhere") == {}

    emb = encoder.encode(TEXTS)
    m = E5NgramModel(encoder=encoder, label_terms=terms).fit(TEXTS, LABELS, emb=emb)
    # 劳动和社会保障 is not in this tree: its own name is its one term; 政法 is no label here
    assert m.taxonomy.terms == ["劳动和社会保障", "城乡建设：城市管理：占道经营", "城乡建设：城市管理：违章搭建",
                           "教育文体：教育：学校收费", "环境保护：噪声污染：施工噪声"]
    assert m.taxonomy.vecs.shape == (5, encoder.dim)
    n_tax = len(m.labels)
    assert m.coef_.shape[1] == 2 * len(m.vec.vocabulary_) + encoder.dim + len(m.wvec.vocabulary_) + n_tax
    sims = m.taxonomy.sims(emb[:1])
    want = max(float(emb[0] @ v) for v in m.taxonomy.vecs[1:3])
    assert abs(sims[0, m.labels.index("城乡建设")] - want) < 1e-5
    # the block counts: zeroing its weights changes the scores
    s = m.decision_function(TEXTS, emb)
    m2 = E5NgramModel.__new__(E5NgramModel)
    m2.__dict__.update(m.__dict__)
    m2.coef_ = m.coef_.copy()
    m2.coef_[:, -n_tax:] = 0
    m2._coef_t = None
    assert np.abs(m2.decision_function(TEXTS, emb) - s).max() > 1e-6

    d = tmp_path / "m"
    d.mkdir()
    m.save(d)
    again = E5NgramModel.load(d, encoder=encoder)
    assert again.taxonomy.terms == m.taxonomy.terms
    np.testing.assert_allclose(again.decision_function(TEXTS, emb), s, atol=1e-5)

    old = E5NgramModel(encoder=encoder, taxonomy_weight=0.0).fit(TEXTS, LABELS, emb=emb)
    assert old.taxonomy is None
    d2 = save_as_older(old, tmp_path / "old", "e5_ngram.json", "taxonomy")
    loaded = E5NgramModel.load(d2, encoder=encoder)
    assert loaded.taxonomy is None
    np.testing.assert_allclose(loaded.decision_function(TEXTS, emb), old.decision_function(TEXTS, emb), atol=1e-6)
    # vectors that do not fit the terms: refused
    np.save(d / "taxonomy_vecs.npy", m.taxonomy.vecs[:3])
    with pytest.raises(ValueError, match="模型文件不一致"):
        E5NgramModel.load(d, encoder=encoder)


def test_a_changed_category_tree_makes_a_new_model(tmp_path, encoder):
    """``train`` skips a model whose data, recipe and encoder are current; the category tree the
    taxonomy block reads is part of that, so editing taxonomy.csv trains anew."""
    from classifier.train import train

    data, models = tmp_path / "data", tmp_path / "home" / "models"
    (data / "complaints").mkdir(parents=True)
    rows = [{"id": str(i), "title": "", "text": t, "label": lab, "form": "raw"} for i, (t, lab) in
            enumerate(zip(TEXTS * 2, LABELS * 2))]
    (data / "complaints" / "labelled.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    tree = data / "complaints" / "taxonomy.csv"
    tree.write_text("一级分类,二级分类,三级分类\n城乡建设,城市管理,占道经营\n", encoding="utf-8")
    first = train(data, models, encoder, kind="e5_ngram")
    assert not first.skipped and train(data, models, encoder, kind="e5_ngram").skipped
    tree.write_text("一级分类,二级分类,三级分类\n城乡建设,城市管理,违章搭建\n", encoding="utf-8")
    second = train(data, models, encoder, kind="e5_ngram")
    assert not second.skipped and second.model_id != first.model_id
    saved = json.loads((models / second.model_id / "e5_ngram.json").read_text(encoding="utf-8"))
    assert "城乡建设：城市管理：违章搭建" in saved["taxonomy"]["terms"]


def test_neighbour_term_adds_the_labels_of_the_most_similar_training_rows(tmp_path, encoder, save_as_older):
    """``knn_weight`` × the similarity-weighted label shares of the 10 nearest training rows is
    added to the head's scores; the rows' vectors travel with the model; models saved before the
    term load without it."""
    from classifier.model import NeighbourVotes

    emb = encoder.encode(TEXTS)
    m = E5NgramModel(encoder=encoder).fit(TEXTS, LABELS, emb=emb)
    nv = m.neighbours
    assert nv is not None and nv.weight == 0.2 and nv.vecs.dtype == np.float16 and nv.vecs.shape == emb.shape
    q = encoder.encode(["楼下饭馆占道经营，桌子摆到人行道上"])
    # by hand: the 10 most similar rows, weights exp(20·(cos − best)), shares per label
    sims = q[0] @ nv.vecs.astype(np.float32).T
    nb = np.argsort(-sims)[:10]
    want = np.zeros(len(m.labels))
    for b in nb:
        want[m.labels.index(LABELS[b])] += np.exp(20 * (sims[b] - sims[nb].max()))
    np.testing.assert_allclose(nv.votes(q)[0], want / want.sum(), atol=1e-6)
    assert nv.votes(q)[0].argmax() == m.labels.index("城乡建设")
    with_term = m.decision_function(["x"], q)
    m.neighbours = None
    np.testing.assert_allclose(with_term, m.decision_function(["x"], q) + 0.2 * nv.votes(q), atol=1e-9)
    m.neighbours = nv
    off = E5NgramModel(encoder=encoder, knn_weight=0.0).fit(TEXTS, LABELS, emb=emb)
    assert off.neighbours is None
    # more rows than one product takes: the same shares chunk by chunk
    many = np.vstack([q] * 5)
    NeighbourVotes.CHUNK, chunk = 2, NeighbourVotes.CHUNK
    try:
        np.testing.assert_allclose(nv.votes(many), np.vstack([nv.votes(q)] * 5), atol=1e-6)
    finally:
        NeighbourVotes.CHUNK = chunk

    d = tmp_path / "m"
    d.mkdir()
    m.save(d)
    again = E5NgramModel.load(d, encoder=encoder)
    np.testing.assert_allclose(again.decision_function(TEXTS, emb), m.decision_function(TEXTS, emb), atol=1e-6)
    old = save_as_older(off, tmp_path / "old", "e5_ngram.json", "neighbours")
    loaded = E5NgramModel.load(old, encoder=encoder)
    assert loaded.neighbours is None
    np.testing.assert_allclose(loaded.decision_function(TEXTS, emb), off.decision_function(TEXTS, emb), atol=1e-6)
    np.save(d / "knn_labels.npy", nv.y[:-1])   # a vector without its label: refused
    with pytest.raises(ValueError, match="模型文件不一致"):
        E5NgramModel.load(d, encoder=encoder)


def test_head_block_reads_the_opening_again_and_travels_with_the_model(tmp_path, encoder, save_as_older):
    """The head block: the char n-grams of the first ``head_chars`` characters (a title, or the opening)
    once more, through the char vocabulary, at ``head_weight``; saved with the model; models saved
    before it load without it."""
    from classifier.model import tfidf_transform

    emb = encoder.encode(TEXTS)
    m = E5NgramModel(encoder=encoder, head_chars=8, head_weight=1.0).fit(TEXTS, LABELS, emb=emb)
    vocab = len(m.vec.vocabulary_)
    assert m.coef_.shape[1] == 2 * vocab + encoder.dim + len(m.wvec.vocabulary_) + len(m.labels)
    long = "小区门口有人占道经营摆摊卖菜，后面又说了很多别的事情"
    head = m._blocks([long], emb[:1])[-1]
    assert head[1] == 1.0
    np.testing.assert_allclose(head[0].toarray(), tfidf_transform(m.vec, m._views([long[:8]])[0]).toarray())
    # what follows the opening changes no part of the block
    np.testing.assert_allclose(m._blocks([long[:8] + "完全不同的后文"], emb[:1])[-1][0].toarray(), head[0].toarray())
    d = tmp_path / "m"
    d.mkdir()
    m.save(d)
    again = E5NgramModel.load(d, encoder=encoder)
    assert (again.head_chars, again.head_weight) == (8, 1.0)
    np.testing.assert_allclose(again.predict_proba(TEXTS, emb=emb), m.predict_proba(TEXTS, emb=emb), atol=1e-6)

    off = E5NgramModel(encoder=encoder, head_chars=0, head_weight=0.0).fit(TEXTS, LABELS, emb=emb)
    assert off.coef_.shape[1] == vocab + encoder.dim + len(off.wvec.vocabulary_) + len(off.labels)
    loaded = E5NgramModel.load(save_as_older(off, tmp_path / "old", "e5_ngram.json", "head"), encoder=encoder)
    assert loaded.head_chars == 0
    np.testing.assert_allclose(loaded.predict_proba(TEXTS, emb=emb), off.predict_proba(TEXTS, emb=emb), atol=1e-6)
    # a config that lost the head block while the weights have it: a clear refusal
    cfg = json.loads((d / "e5_ngram.json").read_text(encoding="utf-8"))
    (d / "e5_ngram.json").write_text(json.dumps({**cfg, "head": None}), encoding="utf-8")
    with pytest.raises(ValueError, match="模型文件不一致"):
        E5NgramModel.load(d, encoder=encoder)


def test_a_models_recipe_makes_its_like_again_with_or_without_the_head(tmp_path, encoder, save_as_older):
    """A retraining's reference refits the active model's own recipe: a model from before the head block
    is refit without it (today's defaults would give the reference the candidate's own gain)."""
    emb = encoder.encode(TEXTS)
    m = E5NgramModel(encoder=encoder).fit(TEXTS, LABELS, emb=emb)
    assert (m.head_chars, m.head_weight) == (25, 1.5)
    old = E5NgramModel.load(save_as_older(E5NgramModel(encoder=encoder, head_chars=0).fit(TEXTS, LABELS, emb=emb),
                                          tmp_path / "old", "e5_ngram.json", "head"), encoder=encoder)
    again = E5NgramModel(encoder=encoder, **old.recipe()).fit(TEXTS, LABELS, emb=emb)
    assert again.head_chars == 0 and again.coef_.shape == old.coef_.shape
    np.testing.assert_allclose(again.decision_function(TEXTS, emb), old.decision_function(TEXTS, emb), atol=1e-2)
    assert E5NgramModel(encoder=encoder, **m.recipe()).fit(TEXTS, LABELS, emb=emb).coef_.shape == m.coef_.shape
