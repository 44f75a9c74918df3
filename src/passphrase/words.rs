//! The Italian words an attacker tries before any others, written for sigillo (no frequency list
//! copied): weekdays, numbers, function words, a few hundred everyday words, places and first
//! names. Lower case, without accents (a typed "lunedì" is matched as "lunedi": an attacker
//! tries both spellings). [`super::strength_bits`] counts a word in one of these lists at the
//! list's size, so a phrase built of them is rated as weak as it is.

/// The days of the week.
pub(super) const WEEKDAYS: &[&str] =
    &["lunedi", "martedi", "mercoledi", "giovedi", "venerdi", "sabato", "domenica"];

/// Numbers in words (zero to twenty, the tens, hundred, thousand); digits are counted apart.
#[rustfmt::skip]
pub(super) const NUMBERS: &[&str] = &[
    "zero", "uno", "una", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove",
    "dieci", "undici", "dodici", "tredici", "quattordici", "quindici", "sedici", "diciassette",
    "diciotto", "diciannove", "venti", "trenta", "quaranta", "cinquanta", "sessanta", "settanta",
    "ottanta", "novanta", "cento", "mille", "mila", "milione", "primo", "secondo", "terzo",
];

/// The words grammar puts between the others: articles, prepositions (with their articulated
/// forms), pronouns, possessives, conjunctions, the commonest adverbs and the auxiliaries.
/// In a phrase their place leaves only a handful of choices ([`super::FUNCTION_WORD_BITS`]).
#[rustfmt::skip]
pub(super) const FUNCTION_WORDS: &[&str] = &[
    // Articles.
    "il", "lo", "la", "i", "gli", "le", "l", "un", "uno", "una",
    // Prepositions, simple and articulated.
    "di", "a", "da", "in", "con", "su", "per", "tra", "fra", "d", "ad",
    "del", "dello", "della", "dei", "degli", "delle", "dell",
    "al", "allo", "alla", "ai", "agli", "alle", "all",
    "dal", "dallo", "dalla", "dai", "dagli", "dalle", "dall",
    "nel", "nello", "nella", "nei", "negli", "nelle", "nell",
    "sul", "sullo", "sulla", "sui", "sugli", "sulle", "sull",
    "col", "coi", "cogli",
    // Pronouns.
    "io", "tu", "lui", "lei", "noi", "voi", "loro", "egli", "ella", "esso", "essa", "essi",
    "esse", "me", "te", "se", "ci", "vi", "ne", "mi", "ti", "si", "li", "c", "m", "t", "s",
    // Possessives and demonstratives.
    "mio", "mia", "miei", "mie", "tuo", "tua", "tuoi", "tue", "suo", "sua", "suoi", "sue",
    "nostro", "nostra", "nostri", "nostre", "vostro", "vostra", "vostri", "vostre",
    "questo", "questa", "questi", "queste", "quello", "quella", "quelli", "quelle", "quel",
    "quei", "quegli", "cio", "stesso", "stessa",
    // Relatives and questions.
    "che", "chi", "cui", "quale", "quali", "quanto", "quanta", "quanti", "quante", "come",
    "dove", "quando", "perche", "cosa",
    // Conjunctions.
    "e", "ed", "o", "od", "ma", "pero", "anche", "ne", "neanche", "nemmeno", "oppure", "quindi",
    "dunque", "percio", "mentre", "poi", "pure", "cioe", "infatti", "allora", "invece",
    // The commonest adverbs and quantities.
    "non", "no", "piu", "meno", "molto", "molta", "molti", "molte", "poco", "tanto", "tanti",
    "troppo", "gia", "ancora", "sempre", "mai", "ora", "qui", "qua", "li", "la", "ecco", "cosi",
    "solo", "tutto", "tutta", "tutti", "tutte", "ogni", "nulla", "niente", "qualche", "altro",
    "altra", "altri", "altre", "prima", "dopo", "sopra", "sotto", "dentro", "fuori", "senza",
    "verso", "contro",
    // Auxiliaries.
    "sono", "sei", "siamo", "siete", "era", "ero", "ho", "hai", "ha", "abbiamo", "avete",
    "hanno", "essere", "avere", "stato", "stata", "sia", "fu",
];

/// A few hundred everyday words anyone reaches for in a "memorable" phrase: greetings,
/// family, feelings, home, time, nature, colours and the commonest verbs.
#[rustfmt::skip]
pub(super) const COMMON_WORDS: &[&str] = &[
    // Greetings and small talk.
    "ciao", "buongiorno", "buonasera", "buonanotte", "salve", "grazie", "prego", "scusa",
    "arrivederci", "benvenuto", "benvenuti", "auguri", "evviva", "bravo", "brava", "ok", "okay",
    "si", "bene", "male", "meglio", "peggio", "insieme", "forse", "subito", "presto", "tardi",
    "oggi", "ieri", "domani", "adesso", "sempre", "davvero", "proprio", "veramente",
    // People and family.
    "uomo", "uomini", "donna", "donne", "bambino", "bambina", "bambini", "ragazzo", "ragazza",
    "ragazzi", "figlio", "figlia", "figli", "padre", "madre", "mamma", "papa", "nonno", "nonna",
    "fratello", "sorella", "famiglia", "marito", "moglie", "amico", "amica", "amici", "amiche",
    "signore", "signora", "dottore", "gente", "persona", "persone", "tesoro", "dio",
    // Feelings and life.
    "amore", "vita", "cuore", "anima", "sogno", "sogni", "felicita", "fortuna", "speranza",
    "pace", "gioia", "bacio", "baci", "abbraccio", "sorriso", "destino", "liberta", "verita",
    "morte", "paura", "voglia", "bellezza", "passione", "forza", "coraggio", "fede", "grazia",
    // Home, work and the town.
    "casa", "porta", "finestra", "camera", "cucina", "letto", "tavolo", "lavoro", "scuola",
    "chiesa", "citta", "paese", "strada", "via", "piazza", "mondo", "terra", "patria", "festa",
    "natale", "pasqua", "vacanza", "vacanze", "viaggio", "soldi", "euro", "numero", "nome",
    "parola", "parole", "storia", "libro", "lettera", "musica", "canzone", "film", "gioco",
    "squadra", "calcio", "macchina", "treno", "auto", "telefono", "computer", "internet",
    // Time.
    "tempo", "anno", "anni", "giorno", "giorni", "notte", "sera", "mattina", "mattino", "ora",
    "ore", "minuto", "momento", "settimana", "mese", "mesi", "secolo", "estate", "inverno",
    "primavera", "autunno", "inizio", "fine",
    // Nature.
    "sole", "luna", "stelle", "stella", "mare", "cielo", "acqua", "fuoco", "aria", "luce",
    "vento", "pioggia", "neve", "fiore", "fiori", "albero", "bosco", "montagna", "monte", "lago",
    "fiume", "isola", "spiaggia", "nord", "sud", "est", "ovest",
    // Food.
    "pane", "vino", "pasta", "pizza", "caffe", "latte", "birra", "torta", "cena", "pranzo",
    // Body.
    "mano", "mani", "occhi", "occhio", "testa", "voce", "corpo", "sangue", "mezzo", "meta",
    // Colours.
    "bianco", "bianca", "nero", "nera", "rosso", "rossa", "verde", "blu", "giallo", "gialla",
    "azzurro", "azzurra", "rosa", "grigio", "oro", "argento",
    // Adjectives.
    "grande", "grandi", "piccolo", "piccola", "bello", "bella", "belli", "belle", "buono",
    "buona", "nuovo", "nuova", "vecchio", "vecchia", "caro", "cara", "dolce", "forte", "felice",
    "giovane", "vero", "vera", "lungo", "lunga", "alto", "alta", "primo", "ultimo", "ultima",
    "mille", "eterno", "eterna", "santo", "santa", "buon", "bel", "gran",
    // The commonest verbs and their commonest forms.
    "fare", "faccio", "fa", "fai", "fatto", "dire", "dico", "detto", "andare", "vado", "va",
    "vai", "andiamo", "venire", "vengo", "vieni", "viene", "vedere", "vedo", "visto", "sapere",
    "so", "sai", "sa", "potere", "posso", "puoi", "puo", "volere", "voglio", "vuoi", "vuole",
    "dovere", "devo", "deve", "stare", "sto", "stai", "sta", "dare", "do", "dai", "amare", "amo",
    "ami", "ama", "amiamo", "vivere", "vivo", "vive", "viva", "morire", "parlare", "mangiare",
    "dormire", "pensare", "penso", "sentire", "sento", "credere", "credo", "trovare", "prendere",
    "mettere", "lasciare", "chiamare", "capire", "tornare", "torna", "aspettare", "guardare",
    "giocare", "cantare", "ballare", "sognare", "ridere", "piangere", "correre", "scrivere",
    "leggere", "aprire", "chiudere", "entrare", "uscire", "restare", "cercare", "ricordare",
];

/// Italy's regions and provincial capitals, with the words of their two-word names.
#[rustfmt::skip]
pub(super) const PLACES: &[&str] = &[
    // Regions.
    "piemonte", "valle", "aosta", "lombardia", "trentino", "adige", "veneto", "friuli", "giulia",
    "liguria", "emilia", "romagna", "toscana", "umbria", "marche", "lazio", "abruzzo", "molise",
    "campania", "puglia", "puglie", "basilicata", "calabria", "sicilia", "sardegna",
    // Provincial capitals.
    "torino", "alessandria", "asti", "biella", "cuneo", "novara", "verbania", "vercelli",
    "milano", "bergamo", "brescia", "como", "cremona", "lecco", "lodi", "mantova", "monza",
    "brianza", "pavia", "sondrio", "varese", "trento", "bolzano", "venezia", "belluno", "padova",
    "rovigo", "treviso", "verona", "vicenza", "trieste", "gorizia", "pordenone", "udine",
    "genova", "imperia", "spezia", "savona", "bologna", "ferrara", "forli", "cesena", "modena",
    "parma", "piacenza", "ravenna", "reggio", "rimini", "firenze", "arezzo", "grosseto",
    "livorno", "lucca", "massa", "carrara", "pisa", "pistoia", "prato", "siena", "perugia",
    "terni", "ancona", "ascoli", "piceno", "fermo", "macerata", "pesaro", "urbino", "roma",
    "frosinone", "latina", "rieti", "viterbo", "aquila", "chieti", "pescara", "teramo",
    "campobasso", "isernia", "napoli", "avellino", "benevento", "caserta", "salerno", "bari",
    "barletta", "andria", "trani", "brindisi", "foggia", "lecce", "taranto", "potenza", "matera",
    "catanzaro", "cosenza", "crotone", "vibo", "valentia", "palermo", "agrigento",
    "caltanissetta", "catania", "enna", "messina", "ragusa", "siracusa", "trapani", "cagliari",
    "sassari", "nuoro", "oristano", "carbonia", "iglesias", "olbia", "tempio", "italia",
];

/// Common Italian first names.
#[rustfmt::skip]
pub(super) const NAMES: &[&str] = &[
    "maria", "anna", "giuseppe", "giovanni", "antonio", "mario", "luigi", "francesco", "angelo",
    "vincenzo", "pietro", "salvatore", "carlo", "franco", "domenico", "bruno", "paolo", "michele",
    "giorgio", "aldo", "sergio", "luciano", "marco", "andrea", "luca", "alessandro", "matteo",
    "lorenzo", "davide", "simone", "federico", "riccardo", "stefano", "roberto", "massimo",
    "fabio", "claudio", "giulio", "enrico", "alberto", "daniele", "emanuele", "filippo",
    "gabriele", "leonardo", "tommaso", "edoardo", "nicola", "pasquale", "raffaele", "rosa",
    "giuseppina", "giovanna", "teresa", "lucia", "carmela", "caterina", "francesca", "angela",
    "antonella", "elena", "chiara", "sara", "laura", "paola", "giulia", "martina", "valentina",
    "alessandra", "silvia", "federica", "elisa", "simona", "barbara", "roberta", "monica",
    "cristina", "daniela", "sofia", "aurora", "alice", "ginevra", "emma", "giorgia", "beatrice",
    "camilla", "ludovica", "matilde", "greta", "gaia", "rita", "patrizia", "marta", "ilaria",
    "valeria", "serena", "stefania", "claudia", "luisa", "grazia", "gino", "pino", "toni",
];
