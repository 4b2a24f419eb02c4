"""Word lists the grader reasons with: stop words, negators, synonyms, antonyms, rubric names.

Everything here is general English or general RLHF vocabulary, never one drill's content. Synonym
groups are matched on stems, so list one common form per word; a phrase ("made up") is matched as
a sequence of stems. Each group has a name so that antonym pairs can refer to it.
"""

from __future__ import annotations

# Function words. Comparatives and directions ("more", "same", "down", "over") stay content words:
# they carry the meaning of many key points.
STOP_WORDS = frozenset(
    (
        "a", "about", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because",
        "been", "being", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "done", "during",
        "each", "either", "else", "even", "ever", "every", "for", "from", "further", "had", "has", "have",
        "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in",
        "into", "is", "it", "its", "itself", "just", "let", "like", "may", "me", "might", "mine", "much",
        "must", "my", "myself", "neither", "nor", "now", "of", "on", "once", "one", "only", "onto", "or",
        "ought", "our", "ours", "ourselves", "own", "per", "quite", "rather", "she", "should", "since", "so",
        "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there",
        "these", "they", "this", "those", "through", "thus", "to", "too", "until", "upon", "us", "very",
        "via", "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom",
        "whose", "why", "will", "with", "within", "would", "yet", "you", "your", "yours", "yourself",
        "yourselves", "s", "t", "d", "ll", "m", "re", "ve", "o", "y", "e", "g", "i.e", "e.g", "etc", "vs",
        "versus", "really", "actually", "simply", "basically",
    )
)

# Content words that carry little of a key point's meaning: matched, but weighted down.
WEAK_WORDS = frozenset(
    (
        "response", "responses", "answer", "answers", "reply", "output", "say", "says", "said", "saying",
        "tell", "tells", "told", "give", "gives", "given", "giving", "make", "makes", "made", "get", "gets",
        "got", "use", "uses", "used", "using", "way", "thing", "things", "something", "user", "users", "also",
        "trade", "off", "tradeoff", "point", "points", "still", "much", "many", "well", "one", "two", "whole",
        "part", "new", "good", "bad", "instead", "even", "actually", "really",
    )
)

# Words almost any justification uses, whatever the drill: a term group made only of these (and stop
# or weak words) matches nearly every sentence, so it does not tie a key point to this drill.
GENERIC_TERMS = frozenset(
    (
        "code", "text", "content", "prompt", "question", "model", "information", "detail", "details", "good",
        "bad", "better", "worse", "best", "worst", "nice", "fine", "however", "although", "though", "whereas",
        "still", "not", "no", "never", "none", "more", "less", "same", "other", "another", "first", "second",
        "last", "here", "there", "yes", "ok", "okay", "like", "lot", "bit", "see", "look", "seem", "seems",
        "write", "writes", "wrote", "written", "include", "includes", "included",
    )
)

NEGATORS = frozenset({"not", "no", "never", "without", "neither", "nor", "none", "nobody", "nothing", "hardly"})

# Verbs that say something is absent ("fails to warn", "ignores the distress", "omits the dose"): a key
# point with one is negative about what follows, and "does not warn" / "no warning" make it.
OMISSION_VERBS = ("fail", "ignore", "omit", "miss", "missing", "lack", "lacking", "neglect", "overlook", "skip",
                  "forget", "disregard", "leave out", "leaves out")

# Tokens that end a negation's scope.
SCOPE_BREAKERS = frozenset({"but", "however", "although", "though", "yet", "whereas", "while", "because", "since",
                            "which", "who", "that", "so", "instead", "rather", "except"})

NUMBER_WORDS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "fifteen": "15", "twenty": "20",
    "thirty": "30", "fifty": "50", "hundred": "100",
}

# name -> forms. Names are referenced by ANTONYMS. Keep groups tight: a wrong synonym costs more
# (keyword leakage) than a missing one (the author can add `terms`).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "fabricate": ("hallucinate", "hallucination", "fabricate", "fabrication", "invent", "invention", "made up",
                  "make up", "makes up", "fake", "fictional", "fictitious", "bogus", "nonexistent", "non-existent",
                  "imaginary", "does not exist", "do not exist", "did not exist", "never existed"),
    "refuse": ("refuse", "refusal", "decline", "declines", "reject", "deny", "over-refuse", "over-refusal",
               "will not help", "can not help", "cannot help", "won't help", "stonewall"),
    "verbose": ("verbose", "verbosity", "padded", "padding", "pad", "wordy", "long-winded", "filler", "fluff",
                "rambling", "ramble", "bloated", "lengthy", "unnecessary", "unrequested", "superfluous",
                "needless", "redundant", "nobody asked", "not asked", "did not ask"),
    "concise": ("concise", "brief", "succinct", "terse", "to the point", "short", "shorter", "brevity"),
    "long": ("long", "longer", "length", "lengthier"),
    "format": ("format", "formatting", "bullet", "bullets", "table", "markdown", "layout", "heading", "headings",
               "structure", "structured", "list", "numbered"),
    "cite": ("cite", "citation", "source", "reference", "study", "paper", "journal", "article"),
    "wrong": ("wrong", "wrongly", "incorrect", "incorrectly", "false", "falsely", "inaccurate", "mistaken",
              "mistake", "error", "erroneous", "untrue", "invalid", "bug", "buggy", "flaw", "flawed", "faulty",
              "misleading", "mislead", "misstate", "miscount", "miscalculate", "inaccuracy"),
    "correct": ("correct", "correctly", "right", "accurate", "accurately", "true", "valid", "exact", "exactly",
                "accuracy", "properly", "proper"),
    "claim": ("claim", "say", "state", "assert", "tell", "insist", "write", "report", "assure", "present",
              "call", "describe"),
    "ignore": ("ignore", "disregard", "overlook", "neglect", "miss", "skip", "omit", "leave out", "drop"),
    "violate": ("break", "breaks", "violate", "violation", "broken", "breach", "fail", "fails", "ignore"),
    "follow": ("follow", "obey", "comply", "adhere", "respect", "stick to", "sticks to", "meet", "satisfy",
               "keep", "keeps", "stay", "stays", "honor", "honour", "fit", "fits"),
    "address": ("address", "acknowledge", "acknowledgement", "acknowledgment", "recognize", "recognise", "notice",
                "respond", "engage", "attend"),
    "explain": ("explain", "explanation", "describe", "walk through", "walkthrough", "clarify", "interpret"),
    "danger": ("danger", "dangerous", "unsafe", "hazard", "hazardous", "harmful", "harm", "risk", "risky", "toxic",
               "poison", "poisonous", "deadly", "lethal"),
    "safe": ("safe", "safety", "harmless", "benign", "innocent", "harmless"),
    "need": ("need", "needed", "require", "required", "requirement", "necessary", "must"),
    "confident": ("confident", "confidently", "certain", "overconfident", "blanket", "definitive", "flatly",
                  "assure", "guarantee", "sure"),
    "hedge": ("hedge", "uncertain", "uncertainty", "caveat", "depend", "depends", "unsure", "admit", "admits",
              "acknowledge", "calibrate", "calibrated"),
    "technical": ("technical", "jargon", "complex", "complicated", "advanced", "textbook", "academic",
                  "harder", "hardest"),
    "simple": ("simple", "simpler", "simplest", "easy", "easier", "easiest", "plain", "accessible",
               "understandable", "relatable", "kid-friendly",
               "child-friendly", "age-appropriate"),
    "problem": ("problem", "issue", "bug", "flaw", "defect", "fault"),
    "count": ("count", "tally", "number"),
    "add": ("add", "sum", "combine", "plus", "total"),
    "friendly": ("friendly", "friendlier", "warm", "warmer", "chatty", "chattier", "personable", "enthusiastic",
                 "cheerful", "upbeat"),
    "advice": ("tip", "suggestion", "advice", "recommendation", "guidance", "recommend", "suggest", "advise"),
    "math": ("math", "maths", "arithmetic", "calculation", "calculate", "computation", "compute"),
    "endless": ("forever", "endless", "endlessly", "infinite", "infinitely", "never stops", "never ends",
                "never ending", "without stopping", "without end"),
    "stop": ("stop", "stopping", "halt", "terminate", "termination", "end", "base case"),
    "analogy": ("analogy", "example", "metaphor", "story", "comparison", "illustration"),
    "audience": ("audience", "reader", "child", "kid", "children", "beginner", "novice", "layperson"),
    "separate": ("separate", "separated", "disconnect", "disconnected", "gap", "isolated", "apart", "split"),
    "connect": ("connect", "connected", "connection", "linked", "attached", "joined", "join"),
    "same": ("same", "identical", "equal", "equivalent"),
    "different": ("different", "differ", "difference", "distinct", "unequal"),
    "fall": ("fall", "fell", "came down", "come down", "collapse", "collapsed", "torn down"),
    "open": ("open", "opened", "opening"),
    "close": ("close", "closed", "shut"),
    "increase": ("increase", "increases", "rise", "rises", "grow", "grows", "higher", "more"),
    "decrease": ("decrease", "decreases", "drop", "drops", "shrink", "lower", "reduce", "reduces", "less"),
    "include": ("include", "includes", "contain", "contains", "mention", "mentions", "cover", "covers"),
    "omit": ("omit", "omits", "exclude", "excludes", "missing", "lacks", "leave out", "leaves out"),
    "complete": ("complete", "completeness", "thorough", "comprehensive", "full"),
    "mislead": ("mislead", "misleading", "deceptive", "confusing", "deceive"),
    "honest": ("honest", "honestly", "honesty", "truthful", "candid", "transparent"),
    "dishonest": ("dishonest", "lie", "lies", "deceptive", "misrepresent", "pretend", "pretends"),
    "helpful": ("helpful", "actionable", "practical"),
    "unhelpful": ("unhelpful", "useless", "unusable"),
    "clear": ("clear", "clearer", "clearest", "clearly", "clarity", "readable", "lucid"),
    "unclear": ("unclear", "confusing", "vague", "ambiguous", "muddled"),
    "able": ("able", "possible"),
    "unable": ("unable", "impossible", "cannot"),
    "relevant": ("relevant", "pertinent", "on topic"),
    "irrelevant": ("irrelevant", "off topic", "off-topic", "unrelated"),
    "appropriate": ("appropriate", "suitable", "fitting", "apt"),
    "inappropriate": ("inappropriate", "unsuitable", "unfit"),
    "necessary": ("necessary", "needed", "essential", "required"),
    "unnecessary": ("unnecessary", "needless", "superfluous", "unneeded", "extra"),
    "consistent": ("consistent", "coherent", "match", "matches", "agree", "agrees"),
    "inconsistent": ("inconsistent", "contradict", "contradicts", "contradictory", "mismatch", "disagree"),
    "exist": ("exist", "exists", "real", "genuine", "actual"),
    "tone": ("tone", "register", "voice", "style"),
    "step": ("step", "steps", "sequence", "sequentially", "one after the other", "in turn", "successive"),
}

# Group pairs: "not X" means Y. A negated token of one side matches the other side positively.
ANTONYMS: tuple[tuple[str, str], ...] = (
    ("wrong", "correct"), ("safe", "danger"), ("follow", "violate"), ("honest", "dishonest"),
    ("helpful", "unhelpful"), ("clear", "unclear"), ("able", "unable"), ("relevant", "irrelevant"),
    ("appropriate", "inappropriate"), ("necessary", "unnecessary"), ("consistent", "inconsistent"),
    ("exist", "fabricate"), ("same", "different"), ("connect", "separate"), ("open", "close"),
    ("include", "omit"), ("address", "ignore"), ("increase", "decrease"), ("concise", "verbose"),
    ("simple", "technical"),
)

# Rubric dimension names: (formal forms, loose forms) as regular-expression alternatives.
DIMENSION_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "factual_accuracy": (
        (r"factual(?:ly)? (?:accura\w*|correct\w*|errors?|mistakes?)", r"factuality", r"accuracy", r"inaccuracy",
         r"factual(?:ly)? (?:wrong|incorrect|false)"),
        (r"accurate\w*", r"inaccurate\w*", r"factual\w*", r"facts?", r"hallucinat\w*", r"fabricat\w*"),
    ),
    "instruction_following": (
        (r"instruction[- ]following", (r"follow(?:s|ed|ing)? (?:the |an |its |every |all )?(?:explicit )?"
         r"(?:instructions?|constraints?|request|prompt)"), r"instructions?", r"constraints?"),
        (r"what (?:the user |was |they )?(?:asked|requested)", r"the (?:prompt|request|task) (?:asked|required)",
         r"\brules?\b", r"requirements?"),
    ),
    "helpfulness": (
        (r"helpfulness", r"unhelpful\w*", r"helpful"),
        (r"useful\w*", r"actionable", r"practical"),
    ),
    "harmlessness": (
        (r"harmless\w*", r"harmful\w*", r"safety", r"over-?refus\w*", r"unsafe"),
        (r"\bsafe(?:r|st|ly)?\b", r"danger\w*", r"harm\b", r"risk\w*", r"refus\w*"),
    ),
    "honesty": (
        (r"honesty", r"dishonest\w*", r"calibrat\w*", r"overconfiden\w*", r"false confidence"),
        (r"honest\w*", r"uncertain\w*", r"hedg\w*", r"overclaim\w*", r"candid\w*"),
    ),
    "conciseness": (
        (r"concise\w*", r"verbos\w*", r"padding", r"padded"),
        (r"wordy", r"filler", r"too long", r"length", r"brevity", r"succinct\w*", r"rambl\w*"),
    ),
    "formatting": (
        (r"formatting", r"format", r"markdown", r"layout"),
        (r"bullets?", r"headings?", r"tables?", r"structure\w*", r"readab\w*"),
    ),
    "citations": (
        (r"citations?", r"sourcing", r"cites?", r"cited"),
        (r"sources?", r"references?", r"studies", r"study"),
    ),
    "reasoning": (
        (r"reasoning", r"logic(?:al)?", r"arithmetic", r"calculation\w*"),
        (r"\bmath\w*", r"\bsteps?\b", r"derivation", r"deriv\w*", r"computation\w*", r"works? (?:it )?out"),
    ),
    "code_quality": (
        (r"code (?:quality|correctness)", r"correctness", r"\bbugs?\b", r"buggy", r"edge cases?"),
        (r"(?:query|code|function|program) (?:is |are )?(?:correct|wrong|broken)", r"idiomatic", r"runs?\b",
         r"compiles?"),
    ),
    "tone": (
        (r"\btone\b", r"register"),
        (r"friendl\w*", r"condescend\w*", r"polite\w*", r"rude\w*", r"warm\w*", r"respectful\w*"),
    ),
}

# Phrases that say nothing an auditor can check. "Hard" ones are flagged wherever they appear;
# "soft" ones only in a sentence that offers nothing concrete alongside.
GENERIC_HARD = (
    r"\b(?:better|higher|good|great|overall|superior|poor|lower|low|best) (?:overall )?quality\b",
    r"\b(?:problems?|issues?) with (?:the )?quality\b",
    r"\bquality (?:is|was) (?:better|higher|worse|lower)\b",
    r"\bmore helpful overall\b", r"\bhelpful overall\b", r"\boverall (?:better|more helpful|stronger|nicer)\b",
    r"\bbetter overall\b", r"\bwell[- ]written\b", r"\bnicely written\b", r"\bbetter written\b",
    r"\b(?:does|did|do) a better job\b", r"\bnot as good\b", r"\bgives? a better answer\b",
    r"\bjust better\b", r"\bbetter in every way\b", r"\bbetter response overall\b",
)
GENERIC_SOFT = (
    r"\bmore helpful\b", r"\bless helpful\b", r"\bmore complete\b", r"\bmore detailed\b", r"\bclearer\b",
    r"\bless clear\b", r"\bmore accurate\b", r"\bmore correct\b", r"\bbetter answer\b", r"\bmore useful\b",
    r"\beasier to (?:read|understand|follow)\b", r"\bmore (?:relevant|informative|thorough|engaging)\b",
)

# Contrast and concession markers for the trade-off criterion.
STRONG_TRADEOFF = (
    r"\boutweighs?\b", r"\boutweighed\b", r"\bmake up for\b", r"\bmakes up for\b", r"\bcompensates?\b",
    r"\boffsets?\b", r"\btrade-?offs?\b", r"\bat the (?:cost|expense) of\b", r"\bdespite\b", r"\beven though\b",
    r"\balthough\b", r"\bthough\b", r"\badmittedly\b", r"\bgranted\b", r"\bmatters? more\b",
    r"\bmore important\b", r"\bcannot (?:lift|save|rescue|offset|outweigh)\b", r"\bis a (?:genuine |real )?plus\b",
    r"\bon the other hand\b", r"\bin (?:its|their) favou?r\b", r"\bto (?:its|their) credit\b",
    r"\bdoes not (?:change|compensate|offset|outweigh|make up)\b",
)
WEAK_TRADEOFF = (r"\bbut\b", r"\byet\b", r"\bhowever\b", r"\bwhile\b", r"\bwhereas\b", r"\bstill\b")
POSITIVE_WORDS = (
    r"\bmore\b", r"\bbetter\b", r"\b\w+ier\b",
    r"\b(?:short|long|clean|clear|neat|rich|simpl|warm|fast|strong|broad|deep|full|kind|safe|tight|smooth)er\b",
    r"\bnice\w*\b", r"\bgood\b", r"\bgenuine\b", r"\bplus\b",
    r"\bstrength\w*\b", r"\badvantage\w*\b", r"\bcorrect\b", r"\baccurate\b", r"\bhelpful\b", r"\bfriendl\w*\b",
    r"\bclear\b", r"\bneat\w*\b", r"\btid\w+\b", r"\bthorough\w*\b", r"\bdetailed\b", r"\bvivid\b", r"\bwarm\w*\b",
    r"\bpolished\b", r"\bcautious\b", r"\bconcise\b", r"\bshort\b",
)

# Words any justification uses whatever the drill: ignored when judging whether a text is on topic.
JUSTIFICATION_WORDS = frozenset(
    (
        "response", "responses", "answer", "answers", "better", "worse", "best", "worst", "user", "question",
        "prompt", "rank", "ranked", "ranking", "first", "second", "third", "last", "overall", "quality", "helpful",
        "accurate", "accuracy", "factual", "honest", "honesty", "instruction", "instructions", "following",
        "concise", "conciseness", "format", "formatting", "tone", "reasoning", "citation", "citations", "correct",
        "wrong", "clear", "clearly", "good", "great", "because", "more", "less", "much", "really", "actually",
        "prefer", "preferred", "chose", "clarity", "well", "written", "complete", "detailed", "safe", "safety",
        "harmless", "harmlessness", "helpfulness", "dimension", "dimensions", "rubric", "justification",
        "detail", "details", "information", "organized", "organised", "explains", "mention", "mentions", "direct",
        "wording", "words", "sentence", "sentences", "paragraph", "anything", "everything", "nothing", "something",
        "lot", "bit", "thing", "things", "point", "points", "issue", "problem", "version", "way", "part", "parts",
        "useful", "thorough", "nice", "fine", "okay", "style", "content", "substance", "reader", "person",
    )
)
