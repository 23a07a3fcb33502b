"""Finding the person for the exact skill (issue 20), measured: nDCG@10 per query family.

Each set (`<name>.json`, shape in SCHEMA.md) holds generated ASN records whose true skills its
author knows and the queries an official types, with graded judgments (3: the person to call
first, 2: clearly competent, 1: marginal; a record not graded is 0). The set's records alone
are indexed, through the search service's own document builder, into a throwaway index of the
running Elasticsearch (`make run`, or `bash deploy/local/stack.sh up`); each query is then
answered three ways, in the same run:

- `search`: what `GET /v1/search?q=…` runs (the words, the domains detected in them and the
  skills they name);
- `domains`: the same without skills, as search ranked before the skill vocabulary;
- `chat`: what the chat's expert answer runs for "siapa yang ahli <query>?" (the reader's
  domains and skills: search's blend when it names skills, else people sorted by their
  expertise score in the first domain);
- `bm25`: plain BM25 over the same records' text, the floor.

    .venv/bin/python tests/relevance/skills/measure_skills.py dev held-out
    .venv/bin/python tests/relevance/skills/measure_skills.py --queries dev   # per query, dev only

Families: sub_topic (a sub-field inside a field), cross_cutting (a skill whose experts sit in
several OPDs), trap (word senses, place and unit names), depth (sustained and recent work
against old, thin or certificate-only evidence). Held-out sets (`held-out*.json`) are written
blind before the changes they measure, never read, and never printed query by query.

Figures (nDCG@10, search / search without skills / chat / BM25), all queries:

Session 2026-12-04 a:
- dev (246 records, 56 queries), first run before any change for it:
  0.899 / 0.856 / 0.747 / 0.828; at the end of the session 0.908 / 0.856 / 0.888 / 0.828;
- held-out (265 records, 57 queries), first measured on skills v1 before the chat used
  them: 0.874 / 0.825 / 0.519 / 0.812; second measurement, end of the session:
  0.879 / 0.825 / 0.865 / 0.812 (cross_cutting 0.793 / 0.721 / 0.800 / 0.722).

Session 2026-12-04 b (typos, staff administration, risk, drainage, PPNS and social-data
skills, any evidence held, unit evidence only for titles naming no skill, ...):
- dev at the end: 0.921 / 0.863 / 0.924 / 0.828 (sub_topic 0.932 / 0.824 / 0.929 / 0.833,
  cross_cutting 0.910 / 0.829 / 0.920 / 0.814, trap 0.929 / 0.914 / 0.933 / 0.867, depth
  0.914 / 0.884 / 0.915 / 0.796);
- dev-2 (312 records, 57 queries, blind), first run before any change for it:
  0.890 / 0.835 / 0.888 / 0.832; at the end 0.906 / 0.838 / 0.904 / 0.832 (sub_topic 0.890 /
  0.801 / 0.890 / 0.809, cross_cutting 0.922 / 0.825 / 0.921 / 0.824, trap 0.912 / 0.869 /
  0.909 / 0.873, depth 0.900 / 0.861 / 0.895 / 0.822);
- held-out, third measurement (never read): 0.892 / 0.827 / 0.874 / 0.812 (sub_topic 0.865 /
  0.802 / 0.871 / 0.813, cross_cutting 0.842 / 0.721 / 0.849 / 0.722, trap 0.929 / 0.887 /
  0.876 / 0.872, depth 0.927 / 0.896 / 0.903 / 0.837);
- held-out-2 (254 records, 57 queries, written blind by another author this session, never
  read), first and only measurement: 0.884 / 0.826 / 0.887 / 0.849 (sub_topic 0.885 / 0.804
  / 0.884 / 0.893, cross_cutting 0.881 / 0.782 / 0.882 / 0.825, trap 0.817 / 0.780 / 0.823 /
  0.879, depth 0.955 / 0.941 / 0.958 / 0.797).

Session 2026-12-04 c (one reading of the fields for search and chat, a plain BM25 clause
over the record's own words, SKILL_BOOST 24, skills 37 -> 55 from the sub-urusan of UU
23/2014 and cross-cutting work):
- dev-3 (301 records, 61 queries, blind, arrived after the BM25 clause was chosen on dev and
  dev-2): 0.848 on the session's starting code, 0.851 with the one field reading, 0.883
  with the BM25 clause (before any change for it); at the end 0.918 / 0.849 / 0.922 / 0.786;
- dev 0.928 / 0.877 / 0.930 / 0.828; dev-2 0.924 / 0.861 / 0.926 / 0.832;
- dev-4 (267 records, 60 queries, 24 of them traps, blind, arrived after the held-out
  measurements below): first run 0.931 / 0.896 / 0.931 / 0.810 (trap 0.939 against BM25
  0.869); the family-planning skill it showed missing moved no set by more than 0.001;
- held-out, fourth measurement (never read): 0.917 / 0.854 / 0.899 / 0.812 (sub_topic 0.883
  / 0.822 / 0.885 / 0.813, cross_cutting 0.899 / 0.742 / 0.905 / 0.722, trap 0.936 / 0.910
  / 0.880 / 0.872, depth 0.949 / 0.937 / 0.928 / 0.837);
- held-out-2, second measurement: 0.910 / 0.862 / 0.912 / 0.849 (sub_topic 0.921 / 0.853 /
  0.921 / 0.893, cross_cutting 0.917 / 0.820 / 0.921 / 0.825, trap 0.834 / 0.830 / 0.837 /
  0.879, depth 0.965 / 0.944 / 0.967 / 0.797);
- held-out-3 (294 records, 60 queries, written blind this session before any change it
  measures, never read), measured twice: on the session's starting code 0.890 / 0.808 /
  0.882 / 0.855 (trap 0.828 against BM25 0.852), at the end 0.911 / 0.852 / 0.912 / 0.855
  (sub_topic 0.940 / 0.889 / 0.940 / 0.902, cross_cutting 0.915 / 0.810 / 0.916 / 0.825,
  trap 0.861 / 0.840 / 0.860 / 0.852, depth 0.928 / 0.870 / 0.931 / 0.843).

The held-out figures were measured before the family-planning skill (skills .18), the only
relevance change after them.

Session 2026-12-04 d (an OPD's secretariat and drivers no longer carry its urusan; post words
alone match no query naming the work; stems of everyday words and phrase-only words no longer
name fields; the plain clauses search the words as written; food safety and legal aid skills;
chat reader: "distribusi pupuk", "pengawas konstruksi"):
- dev-5 (303 records, 81 queries, 42 of them traps, blind, arrived after the first four
  changes): first run 0.889 / 0.862 / 0.873 / 0.816 (trap 0.869 / 0.833 / 0.852 / 0.822),
  at the end of the session 0.911 / 0.876 / 0.911 / 0.816 (trap 0.898 / 0.856 / 0.897 /
  0.822);
- dev-6 (290 records, 75 queries, 34 traps, blind: synonyms, two senses, names; arrived
  after all but the phrase filter and the medsos/PJAS/food-safety words): first run 0.855 /
  0.815 / 0.838 / 0.795 (trap 0.815 against BM25 0.797), at the end 0.878 / 0.821 / 0.861 /
  0.795 (sub_topic 0.935, cross_cutting 0.838, trap 0.853, depth 0.924);
- dev 0.928 -> 0.929, dev-2 0.924 -> 0.932, dev-3 0.918 -> 0.921, dev-4 0.931 -> 0.934;
- held-out, fifth measurement (never read): 0.919 / 0.848 / 0.901 / 0.812 (sub_topic 0.888
  / 0.822 / 0.891 / 0.813, cross_cutting 0.905 / 0.732 / 0.911 / 0.722, trap 0.930 / 0.896
  / 0.873 / 0.872, depth 0.953 / 0.938 / 0.933 / 0.837);
- held-out-2, third measurement: 0.916 / 0.856 / 0.916 / 0.849 (sub_topic 0.930 / 0.860 /
  0.930 / 0.893, cross_cutting 0.923 / 0.810 / 0.923 / 0.825, trap 0.839 / 0.809 / 0.839 /
  0.879, depth 0.970 / 0.943 / 0.971 / 0.797);
- held-out-3, third measurement: 0.913 / 0.851 / 0.914 / 0.855 (sub_topic 0.940 / 0.887 /
  0.940 / 0.902, cross_cutting 0.928 / 0.825 / 0.928 / 0.825, trap 0.857 / 0.828 / 0.857 /
  0.852, depth 0.926 / 0.865 / 0.929 / 0.843).
Every held-out set is above 0.90 and every family of held-out and held-out-3 at or above
BM25; held-out-2's trap family (0.839 against 0.879) is still below the floor.

Session 2026-12-04 e (a JF title names its own skills and finds its holders; an abbreviation
is one word of the query; English names of work read in Indonesian; ties decided by the
alphabet are no reading; the post clause reads the jabatan only, without the generic
pelaksana names; skills 58 -> 67: inovasi daerah, kesehatan hewan apart from peternakan,
mediasi, limbah B3 apart from sampah, pasar rakyat, rekam medis and mutu/keselamatan pasien
apart from hospital management, bahasa asing, dana BOS; reviewed by a stranger, 13 defects
mended):
- dev-7 (271 records, 71 queries, 37 traps, blind): first run 0.897 / 0.855 / 0.890 / 0.821
  (trap 0.869 against BM25 0.802), at the end 0.917 / 0.874 / 0.917 / 0.821 (trap 0.913);
- dev-8 (275 records, 71 queries, blind: informal, abbreviated and English typing, fields less
  covered): first run 0.907 / 0.870 / 0.906 / 0.780, at the end 0.920 / 0.873 / 0.922 / 0.780
  (cross_cutting 0.878 against 0.706, trap 0.908 against 0.787);
- dev-9 (236 records, 82 queries, 46 traps, blind: colliding abbreviations, titles naming
  another field, one-word queries of several senses): first run 0.844 / 0.798 / 0.821 / 0.766
  (trap 0.763 against 0.722), at the end 0.867 / 0.818 / 0.851 / 0.766 (trap 0.801 against
  0.722);
- dev 0.929, dev-2 0.932 -> 0.933, dev-3 0.921 -> 0.927, dev-4 0.934 -> 0.936, dev-5 0.911 ->
  0.918, dev-6 0.878 -> 0.904 (trap 0.853 -> 0.878);
- held-out, sixth measurement (never read): 0.927 / 0.850 / 0.913 / 0.812 (sub_topic 0.901
  / 0.833 / 0.901 / 0.813, cross_cutting 0.900 / 0.731 / 0.903 / 0.722, trap 0.939 / 0.896
  / 0.882 / 0.872, depth 0.969 / 0.938 / 0.969 / 0.837);
- held-out-2, fourth measurement: 0.908 / 0.852 / 0.908 / 0.849 (sub_topic 0.924 / 0.862 /
  0.924 / 0.893, cross_cutting 0.930 / 0.815 / 0.930 / 0.825, trap 0.825 / 0.805 / 0.825 /
  0.879, depth 0.951 / 0.925 / 0.951 / 0.797);
- held-out-3, fourth measurement: 0.917 / 0.865 / 0.917 / 0.855 (sub_topic 0.953 / 0.887 /
  0.953 / 0.902, cross_cutting 0.925 / 0.870 / 0.925 / 0.825, trap 0.861 / 0.830 / 0.861 /
  0.852, depth 0.930 / 0.871 / 0.930 / 0.843).
The development sets gained (the three new blind ones +0.013 to +0.023 over their first
runs); held-out and held-out-3 gained less (+0.008, +0.004) and held-out-2 fell (0.916 ->
0.908; its trap family 0.839 -> 0.825, still below BM25's 0.879): the changes found by the
development sets' traps do not carry to held-out-2's.

Session 2026-12-05 (the chat answers words no vocabulary knows, leaving out matches by name
alone; abbreviations of two senses read by the words beside them: PKL, TKD, APK, PMI, KPM,
SKM; a word of several senses said alone in its commonest sense: pengawasan, pemeriksaan,
pemetaan; skills 67 -> 71: IT support, heritage, destinations, sport, and public service
(standards, SKM, complaints) apart from SAKIP; SKILL_HELD 0.05 -> 0.02; the chat and the
search box read every development query alike (test_same_reading); reviewed by a stranger,
20 defects, the worst mended):
- held-out-4 (304 records, 74 queries, 33 traps; written blind this session, never read),
  first measurement on the session's starting code: 0.922 / 0.867 / 0.922 / 0.826
  (sub_topic 0.917, cross_cutting 0.956, trap 0.900 against BM25 0.826, depth 0.948);
  second, at the end: 0.923 / 0.866 / 0.923 / 0.826 (sub_topic 0.917 / 0.873 / 0.917 /
  0.878, cross_cutting 0.960 / 0.821 / 0.960 / 0.787, trap 0.901 / 0.854 / 0.901 / 0.826,
  depth 0.947 / 0.934 / 0.948 / 0.803);
- dev-10 (275 records, 79 queries, 33 traps, blind: one-word queries of several senses,
  fields less covered): first run 0.840 / 0.789 / 0.839 / 0.738 (trap 0.751 against 0.745),
  at the end 0.902 / 0.829 / 0.905 / 0.738 (trap 0.868 against 0.745);
- dev-9 0.867 -> 0.891 (trap 0.801 -> 0.842); dev 0.929 -> 0.934, dev-2 0.933 -> 0.935,
  dev-3 0.927 -> 0.929, dev-4 0.936 -> 0.938, dev-5 0.918 -> 0.925, dev-6 0.905 -> 0.915,
  dev-7 0.917 -> 0.919, dev-8 0.920 -> 0.932;
- held-out, seventh measurement: 0.928 / 0.850 / 0.914 / 0.812 (trap 0.939 / 0.896 / 0.882 /
  0.872); held-out-2, fifth: 0.908 / 0.852 / 0.908 / 0.849 (trap 0.825 / 0.805 / 0.825 /
  0.879, unchanged); held-out-3, fifth: 0.921 / 0.864 / 0.921 / 0.855 (trap 0.865 / 0.830 /
  0.865 / 0.852).
The development sets gained +0.002 to +0.062; the held-out sets +0.000 to +0.004: the
session's vocabulary mended what the development sets' queries asked and little else.
held-out-2's trap family stays below BM25.

Session 2026-12-05 b (place names in post and unit names are where the person works, not
the work: `jabatan_work`, `unit_work`, `places`, mapping v30; PPK beside procurement read as
pejabat pembuat komitmen; posyandu cadres in health promotion; "lalin", "linjamsos" read as
the chat reads them; the chat's "penilaian PAK jabatan fungsional" no JF filter; five-letter
typos read, then reverted after a stranger's review found "pemda" read as "pemuda"):
- dev-11 (343 records, 92 queries, 55 traps; blind, trap-heavy: trap words in longer
  queries, places in unit names, person names that are field words, OPD names holding the
  query's words, colliding abbreviations, typos): first run 0.869 / 0.811 / 0.866 / 0.750
  (trap 0.846 against 0.743); at the end 0.878 / 0.818 / 0.878 / 0.750 (sub_topic 0.931,
  cross_cutting 0.881, trap 0.861, depth 0.892);
- dev 0.934, dev-2 0.935, dev-3 0.929, dev-4 0.938, dev-5 0.925, dev-6 0.915, dev-10 0.902
  unchanged; dev-7 0.919 -> 0.920, dev-8 0.932 -> 0.933, dev-9 0.891 -> 0.893;
- held-out-2, measured twice this session (sixth, before the review's mends: 0.911, trap
  0.835; seventh, at the end): 0.908 -> 0.911 / 0.851 / 0.911 / 0.849 (trap 0.825 -> 0.836 /
  0.803 / 0.836 / 0.879: still below BM25); held-out (eighth, ninth) 0.928 / 0.850 / 0.914 /
  0.812 and held-out-3 (sixth, seventh) 0.921 / 0.864 / 0.921 / 0.855 unchanged; held-out-4
  (third: 0.924 with the five-letter typos; fourth, at the end) 0.923 / 0.865 / 0.923 / 0.826,
  unchanged.

Session 2026-12-05 c (skills 71 -> 110: the sub-urusan of UU 23/2014's annex for the fields
that had none, and halal products, land certification and SPM across offices; a name within
typo distance counts a third of a name said; "kualitas air minum" is the sanitarian's; the
chat reads "ahli PAK jabatan fungsional" as the credit points; reviewed by a stranger, the
false readings found mended):
- dev-12 (359 records, 105 queries: 48 sub_topic, 17 cross_cutting, 22 trap, 18 depth;
  blind, broad over the regency's fields, specific qualifiers on field words): first run
  (after the session's first four vocabulary commits) 0.901 / 0.848 / 0.891 / 0.831
  (sub_topic 0.885, cross_cutting 0.906, trap 0.893 against 0.796, depth 0.948); on the
  session's starting code 0.894 (sub_topic 0.868): the new skills carried to a set written
  without them in view, +0.017 on its sub-topics; at the end 0.907 / 0.848 / 0.907 / 0.831
  (sub_topic 0.894, cross_cutting 0.905, trap 0.902 against 0.796, depth 0.948);
- dev 0.934 -> 0.936, dev-2 0.935 -> 0.936, dev-3 0.929 -> 0.930, dev-4 0.938 -> 0.940,
  dev-5 0.925 -> 0.929, dev-6 0.915 -> 0.919, dev-7 0.920 -> 0.923, dev-8 0.933 -> 0.938,
  dev-9 0.893 -> 0.897, dev-10 0.902 -> 0.914, dev-11 0.878 -> 0.890 (trap 0.861 -> 0.875);
- held-out, tenth measurement (once, at the end): 0.928 -> 0.936 / 0.850 / 0.921 / 0.812
  (sub_topic 0.901, cross_cutting 0.918, trap 0.948 against 0.872, depth 0.975);
  held-out-2, eighth: 0.911 -> 0.913 / 0.851 / 0.913 / 0.849 (sub_topic 0.924,
  cross_cutting 0.931, trap 0.836 -> 0.845 / 0.803 / 0.845 / 0.879: still below BM25, depth
  0.951); held-out-3, eighth: 0.921 -> 0.929 / 0.864 / 0.929 / 0.855 (trap 0.865 -> 0.891
  against 0.852); held-out-4, fifth: 0.923 -> 0.929 / 0.865 / 0.930 / 0.826 (trap 0.901 ->
  0.918 against 0.826).
The held-out sets gained +0.002 to +0.008, dev-12 (blind, broad) +0.013 over the
session's start: the sub-urusan vocabulary carried beyond the queries it was written for,
less than the development sets' +0.001 to +0.012 but not none.

Session 2026-12-05 d (the query's words narrow the fields and skills they name: when a word
of the query names none of the fields or skills read, their boost counts whole only for the
records whose work says some of the words, UNSAID_FIELD_SHARE 0.25 and UNSAID_SKILL_SHARE
0.75 for the others (an earlier try, session b, gated on the words no field names only and
gained nothing); 'mina padi', 'antar', 'jaringan FO', boneless milkfish; the Analis Keuangan
Pusat dan Daerah read by its unit (jf_by_unit); the chat's 'panitia TKD CPNS'; reviewed by
a stranger, the findings mended):
- dev-13 (353 records, 95 queries: 21 sub_topic, 15 cross_cutting, 44 trap, 15 depth;
  blind, field words with narrowing qualifiers): first run on the session's starting code
  0.869 / 0.829 / 0.864 / 0.823 (trap 0.821 against 0.765), after the field narrowing 0.874;
  at the end 0.884 / 0.839 / 0.884 / 0.823 (sub_topic 0.928, cross_cutting 0.927, trap
  0.835, depth 0.920);
- dev 0.936 -> 0.938, dev-2 0.936 -> 0.938, dev-3 0.930 -> 0.939, dev-4 0.940 -> 0.939,
  dev-5 0.929 -> 0.933, dev-6 0.919 -> 0.925, dev-7 0.923, dev-8 0.938 -> 0.942, dev-9 0.897
  -> 0.901, dev-10 0.914 -> 0.921, dev-11 0.890 -> 0.900, dev-12 0.907 -> 0.912;
- held-out, eleventh measurement (once, at the end): 0.936 -> 0.943 / 0.858 / 0.930 / 0.812
  (sub_topic 0.922, cross_cutting 0.921, trap 0.954 against 0.872, depth 0.975);
  held-out-2, ninth: 0.913 -> 0.928 / 0.872 / 0.928 / 0.849 (sub_topic 0.952, cross_cutting
  0.939, trap 0.845 -> 0.866 / 0.829 / 0.866 / 0.879: still below BM25, by 0.013, depth
  0.954); held-out-3, ninth: 0.929 -> 0.933 / 0.871 / 0.933 / 0.855 (trap 0.891 -> 0.908
  against 0.852); held-out-4, sixth: 0.929 -> 0.935 / 0.875 / 0.935 / 0.826 (trap 0.918 ->
  0.928 against 0.826).
The held-out sets gained +0.004 to +0.015, the development sets -0.001 to +0.015 (dev-13,
blind, +0.015 over its first run): the narrowing carried beyond the queries it was chosen on.

Session 2026-12-05 e (broodstock and 'ikan nila' are aquaculture; disaster relief logistics
a skill of its own; a place after a head that names only a place is where, not the work, in
the query's reading; the chat searches an expert of no field by its words within the OPD
named; industrial waste and poverty mapping read; this script's chat now applies the OPD
the chat reads, as the gateway does, which it had left out; a stranger's review found
misreadings, mended before the last measurement: 'jalan beton', the OPD a user names
dropped as a filter, 'sertifikasi guru' read in teachers' own training):
- dev-14 (290 records, 85 queries: 21 sub_topic, 14 cross_cutting, 37 trap, 13 depth;
  blind, trap-heavy): first run, before any change for it, 0.918 / 0.868 / 0.909 / 0.813
  (trap 0.881 against 0.771); at the end 0.925 / 0.867 / 0.925 / 0.813 (sub_topic 0.956,
  cross_cutting 0.933, trap 0.895, depth 0.948);
- dev-5 0.933 -> 0.930 (its 'pemetaan kemiskinan' -0.233), dev-6 0.925 -> 0.927, dev-11
  0.900 -> 0.901, dev-13 0.884 -> 0.886, the others unchanged (chat: dev 0.938 -> 0.934,
  'adminduk SIAK dukcapil' answered within Dukcapil, as the gateway does);
- held-out-5 (287 records, 75 queries: 27 sub_topic, 15 cross_cutting, 18 trap, 15 depth;
  written blind this session by another author, never read), measured twice, before and
  after the review's mends, alike: 0.908 / 0.825 / 0.908 / 0.821 (sub_topic 0.925 against
  0.864, cross_cutting 0.859 against 0.747, trap 0.929 against 0.827, depth 0.899 against
  0.809);
- held-out, thirteenth measurement: 0.943 / 0.858 / 0.930 / 0.812 (unchanged); held-out-2,
  eleventh: 0.928 (trap 0.866 against 0.879, unchanged: still below); held-out-3, eleventh:
  0.933; held-out-4, eighth: 0.935.

Session 2026-12-07 (a chat 'calon' of a service's people, staff leave and study permits,
'izin' as courtesy or permit, English certificate names, five-letter swapped typos,
'laboratorium' alone, PBJT on food and drink, the skills' `titled_in`):
- dev-15 (233 records, 70 queries: 13 sub_topic, 12 cross_cutting, 33 trap, 12 depth; by
  another author this session), first run before any change for it: 0.913 / 0.867 / 0.898 /
  0.825 (trap 0.907 against 0.833); at the end 0.925 / 0.873 / 0.924 / 0.825 (trap 0.925);
- dev-5 0.930 -> 0.932, dev-8 0.942 -> 0.945, dev-12 0.912 -> 0.918, dev-13 0.886 -> 0.887,
  dev-14 0.925 -> 0.926, dev-6 0.927 -> 0.926, the others unchanged;
- held-out-6 (312 records, 70 queries: 22 sub_topic, 14 cross_cutting, 19 trap, 15 depth;
  written blind by another author before any change this session, never read), first
  measured on the session's starting code: 0.947 / 0.905 / 0.947 / 0.869, every family above
  BM25 (sub_topic 0.959 against 0.877, cross_cutting 0.955 against 0.850, trap 0.933 against
  0.875, depth 0.941 against 0.866); twice more this session (after the first fixes, at the
  end): the same figures;
- held-out (14th and 15th measurements) 0.943 (unchanged); held-out-2 (12th, 13th) 0.928 ->
  0.931, trap 0.866 -> 0.877 against BM25 0.879: still below, by 0.002; held-out-3 0.933,
  held-out-4 0.935, held-out-5 0.908 (unchanged).

Session 2026-12-07 b (a skill's terms said in a query: skill_terms and TERM_SAID_BOOST; new
skills for the health workforce, inclusive education and immunisation; the Pranata Komputer
by its unit; chat filters that read work as filters; SIP, SIPLah, ABK, kinerja, kerja sama,
lelang jabatan, pension administration):
- dev-16 (326 records, 108 queries: 35 sub_topic, 15 cross_cutting, 43 trap, 15 depth; by a
  helper this session), first run 0.874 / 0.819 / 0.859 / 0.801, at the end 0.899 / 0.820 /
  0.899 / 0.801; dev .. dev-15 +4.39 nDCG summed over 1,140 queries (168 up, 41 down);
- held-out-7 (380 records, 72 queries, 18 per family; written blind by a helper this session
  after the other sets, never read), on the session's starting code 0.866 / 0.800 / 0.852 /
  0.776 (chat trap 0.808 against BM25 0.832), at the end 0.874 / 0.800 / 0.874 / 0.776
  (sub_topic 0.847, cross_cutting 0.888, trap 0.862, depth 0.899: each above BM25);
- held-out 0.949, held-out-2 0.932 (trap 0.885 against BM25 0.879, above it for the first
  time, at its fourteenth measurement), held-out-3 0.933, held-out-4 0.938, held-out-5 0.912,
  held-out-6 0.949.

Session 2026-12-07 c (vocabulary from two new development sets and batteries of chat questions:
K3, mental health, APBD grants, DPRD facilitation, control of development as skills; the
Bapenda's generic posts hold regional tax (held_in); processed food is industry's; PPDB, SLHS,
raperda, riksus, perpus; the chat's work-done cue after 'pernah'/'biasa'/'pegang'):
- held-out-8 (360 records, 72 queries, 18 per family; written blind by a helper at the start
  of the session, never read), on the session's starting code 0.909 / 0.840 / 0.909 / 0.800
  (sub_topic 0.907, cross_cutting 0.914, trap 0.926, depth 0.888), at the end 0.909 / 0.842
  / 0.909 / 0.800 (sub_topic 0.908, cross_cutting 0.914, trap 0.926, depth 0.889): the
  session's vocabulary did not move a fresh set;
- dev-17 (363 records, 100 queries) first run 0.929 / 0.903 / 0.929 / 0.834, at the end 0.943;
  dev-18 (358 records, 100 queries: Setda, DPRD, kecamatan, revenue and finance posts with
  generic titles) first run 0.868 / 0.823 / 0.865 / 0.759, at the end 0.895 / 0.823 / 0.892 /
  0.759; dev-16 0.899 -> 0.910; dev .. dev-15 within +-0.005 of the last session's end;
- held-out 0.948, held-out-2 0.937 (trap 0.885 against BM25 0.879), held-out-3 0.933,
  held-out-4 0.939, held-out-5 0.912, held-out-6 0.950, held-out-7 0.876.
Tried and not kept: a second term bonus for terms the evidence says deeply (tiers of a term's
own years and hours, boosts 2-8): +1.58 at best over 1,348 dev queries but +0.19 on one half
of the sets against +1.40 on the other, 75 queries down; staff-administration terms
'pengelola/pengurusan/urusan kepegawaian' (+0.64 and -0.45 across queries).

Session 2026-12-07 d (one reading of abbreviations of work for chat and box; skills' head
words in a query: 'pengadaan <goods>', 'perencanaan <sector>'; ASN performance management;
spatial data and geomatics as GIS evidence; a stranger's review's mends):
- held-out-9 (343 records, 72 queries, 18 per family; written blind by a helper at the start
  of the session, never read), on the session's starting code 0.920 / 0.863 / 0.924 / 0.793
  (sub_topic 0.910, cross_cutting 0.884, trap 0.953, depth 0.933), at the end 0.922 / 0.864 /
  0.924 / 0.793 (sub_topic 0.910, cross_cutting 0.886, trap 0.957, depth 0.933);
- dev-19 (347 records, 100 queries: a cross-cutting skill asked inside one field or place,
  abbreviations) first run 0.909 / 0.840 / 0.898 / 0.779, at the end 0.913 / 0.909 (chat) /
  0.779; dev .. dev-18 within +-0.003 of the last session's end (dev-18 0.896);
- held-out 0.948, held-out-2 0.937, held-out-3 0.933, held-out-4 0.939, held-out-5 0.912,
  held-out-6 0.950, held-out-7 0.876, held-out-8 0.910.
Tried and not kept: a field read beside a cross-cutting skill ('rumah sakit' of 'K3 rumah
sakit') counting more of its boost (DOMAIN_SHARE_WITH_SKILL 0.25 -> 0.5, 0.75, 1.0, 1.5 for
such fields): +0.10 at best over 1,548 dev queries, +0.04 on dev-19 that asks for it; narrowing
a field to the records saying the narrowing words themselves (rather than most of the query's
words): -0.57.

The aim is 0.90 on the held-out sets and never below BM25 in a family: every family of all
nine held-out sets is above BM25, and eight sets are above 0.90; held-out-7 is 0.876 (0.866
on its first run), held-out-8 0.910, held-out-9 0.922 (0.920 on its first run).
The
held-out sets are about 0.01 below the four older development sets (0.03-0.04 before session
c); the two trap-heavy sets of session d (dev-5, dev-6) are below them. Weights tried on the
development sets and not kept (session 2026-12-07 tried them together, one at a time around
the kept values over the 1,070 queries of dev .. dev-14, and kept none: no value moved the sum
by more than +0.22, and none that gained on the first seven sets gained on the last seven):
EXPERTISE_BOOST 8 or 6 (session e again: +0.002 on average over nine sets, not kept), a lower
field share for records lacking the words (again in session 2026-12-05 b, for the words no
field names, at 0.5 and 0.25: dev-11 +0.001, dev-10 -0.004, dev-5 -0.002), SKILL_BOOST 32, the
skill service scale 4 or 5 years, jabatan weight 2 or 1.5, the OPD's stems at 0.5 or out, a
constant bonus for records holding every word of the query (session 2026-12-05 c: at 4 +0.19
summed over 785 queries, at 10 -0.19), the second skill a query reads at half weight (-0.155),
requiring a field word of the query in the text (traps +0.01 on dev and dev-3, -0.016 on
dev-2).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import sys
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
FAMILIES = ("sub_topic", "cross_cutting", "trap", "depth")
ENGINES = ("search", "domains", "chat", "bm25")
K = 10


def ndcg(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    """nDCG@k with gains 2^grade - 1; 0 when nothing is relevant."""
    dcg = sum((2 ** grades.get(r, 0) - 1) / math.log2(i + 2) for i, r in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def nip_for(index: int, record: dict[str, Any]) -> str:
    """A valid NIP for the set's index-th record (unique below 999 records): born 23-32 years
    before the first position, on the 1st of a month; CPNS at that first position."""
    first = min((p["tmt_start"] for p in record.get("positions") or []), default="2010-01-01")
    born = int(first[:4]) - 23 - index % 10
    return f"{born}{index % 12 + 1:02d}01{first[:4]}{first[5:7]}1{index % 999 + 1:03d}"


def profile(index: int, record: dict[str, Any]) -> dict[str, Any]:
    """A set's record as a profile snapshot (the fields the set does not state: none)."""
    out = {k: v for k, v in record.items() if k not in ("id", "truth")}
    out.update(
        nip=nip_for(index, record),
        status="PNS",
        kedudukan="AKTIF",
        gelar_depan="",
        gelar_belakang="",
        skp=[],
        assessments=[],
        discipline=[],
        awards=[],
    )
    return out


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((HERE / f"{name}.json").read_text("utf-8"))
    return data


@dataclass
class Result:
    name: str
    per_family: dict[str, dict[str, list[float]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    rows: list[str] = field(default_factory=list)

    def mean(self, engine: str, family: str | None = None) -> float:
        scores = [
            s
            for f, by_engine in self.per_family.items()
            if family in (None, f)
            for s in by_engine[engine]
        ]
        return sum(scores) / len(scores) if scores else float("nan")

    def queries(self, family: str | None = None) -> int:
        return sum(
            len(by_engine["bm25"])
            for f, by_engine in self.per_family.items()
            if family in (None, f)
        )


def measure(name: str, client: Any) -> Result:
    from potret_ask.answers import by_work
    from potret_ask.directory import Directory
    from potret_ask.language import asked_words
    from potret_ask.reader import Conversation, read
    from potret_search.adapters.index import ProfileIndex
    from potret_search.domain.documents import IndexAction, document_for
    from potret_search.domain.query import (
        SearchRequest,
        build_bm25,
        build_search,
        build_word_probe,
        matched_kinds,
        read_query,
    )

    data = load(name)
    today = dt.date.fromisoformat(data.get("today", "2026-12-01"))
    records = data["records"]
    nips = {r["id"]: nip_for(i, r) for i, r in enumerate(records)}
    ids = {nip: rid for rid, nip in nips.items()}
    index = ProfileIndex(client, alias=f"potret-skills-{uuid.uuid4().hex[:8]}")
    index.ensure()
    result = Result(name)
    try:
        actions = []
        for i, record in enumerate(records):
            doc = document_for(profile(i, record), today=today)
            doc.update(version=1, occurred_at=f"{today}T00:00:00Z", indexed_at=f"{today}T00:00Z")
            actions.append(IndexAction(nips[record["id"]], 1, doc))
        for start in range(0, len(actions), 500):
            index.apply(actions[start : start + 500])
        client.indices.refresh(index=index.index)
        directory = Directory.build(sorted({r["opd"] for r in records}), (), ())

        def hits(body: dict[str, Any]) -> list[str]:
            found = index.search_body(body)["hits"]["hits"]
            return [ids.get(h["_source"]["nip"], "") for h in found]

        def in_index(word: str) -> bool:
            return bool(index.search_body(build_word_probe(word))["hits"]["total"]["value"])

        def chat(reading: Any) -> list[str]:
            """What the gateway's expert answer asks search for this reading."""
            words = reading.words or None
            asked, named = list(reading.domains), list(reading.skills)
            by_words = not (asked or named)
            if by_words:
                if not asked_words(words or ""):
                    return []  # no work named: the answer asks for the field
                # a field the reader does not name: search reads the words itself
                reading_q = read_query(words or "", in_index)
                asked, named = reading_q.domains, reading_q.skills
            read_as = read_query(words, in_index).read_as if words else None
            size = K * 4 if by_words else K
            # an OPD read from the question is a filter (answers.search_filters' opd=)
            opd = [reading.opd] if reading.opd else []
            request = SearchRequest(q=words, read_as=read_as, domains=asked, opd=opd, limit=size)
            found = index.search_body(build_search(request, asked, named))["hits"]["hits"]
            if by_words:  # only the people found by their work (the gateway's answer)
                hits = [
                    {
                        "nip": h["_source"]["nip"],
                        "highlights": h.get("highlight") or {},
                        "matched": matched_kinds(h.get("matched_queries") or []),
                        "evidence": {c: h["_source"].get("evidence", {}).get(c, []) for c in asked},
                        "skill_evidence": {
                            c: h["_source"].get("skill_evidence", {}).get(c, []) for c in named
                        },
                    }
                    for h in found
                ]
                return [ids.get(str(h["nip"]), "") for h in by_work(hits)[:K]]
            return [ids.get(h["_source"]["nip"], "") for h in found]

        for query in data["queries"]:
            q, grades = query["q"], query["grades"]
            # as GET /v1/search reads q: typos read (unless the records hold the word as
            # written), then its domains and skills
            read_q = read_query(q, in_index)
            detected, skills = read_q.domains, read_q.skills
            typed = SearchRequest(q=q, read_as=read_q.read_as, limit=K)
            reading = read(f"siapa yang ahli {q}?", directory, Conversation(), today)
            ranked = {
                "search": hits(build_search(typed, detected, skills)),
                "domains": hits(build_search(typed, detected)),
                "chat": chat(reading),
                "bm25": hits(build_bm25(q, size=K)),
            }
            scores = {engine: ndcg(ranked[engine], grades) for engine in ENGINES}
            for engine in ENGINES:
                result.per_family[query["family"]][engine].append(scores[engine])
            result.rows.append(
                f"{query['id']:<5} {query['family']:<13} {q[:38]:<38} "
                + " ".join(f"{scores[e]:.3f}" for e in ENGINES)
                + f"  {','.join(skills) or '-'} | {','.join(detected) or '-'}"
            )
    finally:
        client.indices.delete(index=index.index, ignore_unavailable=True)
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="+", help="set names: dev, held-out ...")
    parser.add_argument("--queries", action="store_true", help="per query (not held-out sets)")
    args = parser.parse_args(argv)
    from potret_search.adapters.elastic import connect_url, use_local_operator

    use_local_operator()  # the local stack's Elasticsearch, unless the environment names one
    url = os.environ.get("ELASTICSEARCH_URL", "https://127.0.0.1:9200")
    client = connect_url(url, request_timeout=60)
    results = []
    for name in args.sets:
        print(f"measuring {name} …", file=sys.stderr, flush=True)
        results.append(measure(name, client))
    client.close()
    for r in results:
        if args.queries and not r.name.startswith("held-out"):
            print(
                f"\n{r.name}: query, family, words, nDCG@10 {' '.join(ENGINES)}; skills | domains"
            )
            print("\n".join(r.rows))
    print(f"\nnDCG@{K} per family ({' / '.join(ENGINES)})")
    print(f"{'family':<15}" + "".join(f"{r.name:>36}" for r in results))
    for family in (*FAMILIES, None):
        cells = [
            f"{r.queries(family):>4} q  " + " / ".join(f"{r.mean(e, family):.3f}" for e in ENGINES)
            for r in results
        ]
        print(f"{family or 'all':<15}" + "".join(f"{c:>36}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
