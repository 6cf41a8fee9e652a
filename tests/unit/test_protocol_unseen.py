"""Unseen French wordings of emergencies (indirect, calm, SMS, a parent, a relative) and of
harmless complaints, from an adversarial review played as a patient and as a regulating
physician. Each case here failed before the change that made it pass; other wordings of
the same cause live in test_protocol_red_flags.py."""

import pytest

from actions.protocol import text as T

try:
    from tests.unit.test_protocol_helpers import at_least, at_most, ids, play
except ImportError:  # pragma: no cover - rootdir-less import mode
    from test_protocol_helpers import at_least, at_most, ids, play


# ----------------------------------------------------------------------- text


def test_lookalike_letters_inside_a_word_are_read_as_latin(p):
    # Cyrillic "о" (U+043E) typed inside French words
    assert "chest_pain_cardiac" in ids(p, "j'ai une d\u043euleur dans la p\u043eitrine qui serre")
    # a word wholly in another script is still dropped
    assert T.simple_normalise("\u0441\u043f\u0430\u0441\u0438\u0431\u043e") == ""


def test_sms_peu_is_peut_before_a_negation_and_a_verb(p):
    assert "limb_weakness" in ids(p, "elle peu pa bouger le bras gauche depuis 5 min")
    assert [t.text for t in T.expand_sms(T.tokenize("un peu plus mal"))] == ["un", "peu", "plus", "mal"]
    assert [t.text for t in T.expand_sms(T.tokenize("il a peu plus de 3 ans"))][2] == "peu"


# ----------------------------------------------------------------------- red flags

UNSEEN = [
    ("cannot_breathe", "elle peut plus terminer une phrase"),
    ("child_breathing_distress", "son sternum se creuse à chaque respiration"),
    ("child_breathing_distress", "ma fille de 3 semaines fait des pauses quand elle respire"),
    ("chest_pain_cardiac", "j'ai comme un poids sur le torse depuis une heure"),
    ("chest_pain_cardiac", "une sensation de lourdeur dans la poitrine"),
    ("chest_pain_cardiac", "ça pèse sur ma poitrine depuis ce matin"),
    ("stroke_signs", "sa paupière pend d'un côté depuis le déjeuner"),
    ("stroke_signs", "la moitié de sa bouche ne bouge plus"),
    ("stroke_signs", "il parle en charabia"),
    ("stroke_signs", "elle a la voix pâteuse"),
    ("stroke_signs", "il a du mal à trouver ses mots depuis une heure"),
    ("limb_weakness", "il n'arrive plus à tenir son verre"),
    ("limb_weakness", "sa main droite lâche tout"),
    ("limb_weakness", "elle traîne le pied droit depuis ce matin"),
    ("acute_limb_ischaemia", "mon pied est glacé et violet, ça fait très mal"),
    ("thunderclap_headache", "une douleur comme un coup de batte derrière la tête"),
    ("meningitis_signs", "il a 39 et la lumière lui fait mal aux yeux"),
    ("meningitis_signs", "fièvre et photophobie"),
    ("meningitis_signs", "il a de la fièvre et il hurle quand on lui baisse la tête"),
    ("mottled_skin", "ses genoux sont marbrés"),
    ("mottled_skin", "il a des marbrures sur les jambes"),
    ("altered_consciousness", "depuis son réveil il raconte des trucs étranges"),
    ("abdominal_pain_shock", "douleur atroce au ventre, il est livide et il transpire"),
    ("anaphylaxis_breathing", "allergie aux noix, sa voix est devenue rauque"),
    ("anaphylaxis_breathing", "piqûre d'abeille et du mal à avaler"),
    ("waters_leak", "enceinte de 8 mois, du liquide coule sans arrêt"),
    ("cauda_equina", "sciatique et je sens pas le papier toilette"),
    ("suicidal", "je n'ai plus aucune raison de vivre"),
    ("suicidal", "il a laissé une lettre d'adieu"),
    ("suicidal", "j'aimerais m'endormir et ne plus me réveiller"),
    ("suicidal_jump", "je vais sauter du haut de l'immeuble"),
    ("suicidal_preparation", "j'ai acheté une corde, c'est la seule issue"),
    ("carbon_monoxide", "la chaudière refoule et on a tous la tête qui tourne"),
    ("carbon_monoxide", "mal de crâne pour nous trois depuis qu'on a mis le brasero dans le salon"),
    ("overdose_poisoning", "mon fils a avalé de la mort aux rats"),
    ("overdose_poisoning", "elle a bu du produit pour les toilettes"),
    ("hypoglycaemia_confusion", "hypo, il n'arrive plus à se concentrer"),
    ("ketoacidosis_signs", "diabétique, son haleine sent le vernis à ongles"),
    ("ketoacidosis_signs", "diabète de type 1 et il respire très vite"),
    ("tissue_necrosis", "je suis diabétique et mon orteil est devenu noir"),
    ("fall_cannot_get_up", "mon grand-père a chuté, on l'a retrouvé au sol ce matin"),
    ("convulsion_signs", "elle tremble, elle a le regard fixe et elle bave"),
    ("severe_burn", "de l'huile bouillante sur le ventre"),
    ("severe_burn", "il a pris le courant en changeant une ampoule"),
    ("stroke_signs", "ma femme ne trouve pas ses mots depuis midi"),
    ("stroke_signs", "sa jambe gauche n'obéit plus"),
    ("limb_weakness", "d'un coup je n'arrive plus à écrire"),
    ("sudden_numbness", "ma joue et ma main droite sont engourdies d'un coup"),
    ("sudden_numbness", "perte de sensibilité de la jambe gauche depuis une demi heure"),
    ("child_breathing_distress", "quand il respire son ventre se creuse beaucoup"),
    ("meningitis_signs", "38,8 et elle n'arrive pas à poser le menton sur la poitrine"),
    ("suicidal", "je vais mettre un terme à mon existence"),
    ("suicidal_preparation", "j'en peux plus de la vie, j'ai stocké des médicaments"),
    ("carbon_monoxide", "dans la cave le groupe électrogène marchait, ils ont tous des nausées"),
    ("carbon_monoxide", "dans le garage la voiture tournait, il a mal à la tête"),
    ("overdose_poisoning", "mon neveu de 3 ans a mangé des gélules de sa grand-mère"),
    ("unknown_ingestion", "elle a pris des cachets, on sait pas combien"),
    ("abdominal_pain_shock", "mal au ventre terrible et je me sens partir"),
    ("stroke_signs", "il parle au ralenti depuis une heure"),
    ("stroke_signs", "il marche comme un homme saoul depuis midi"),
    ("stroke_signs", "son sourire ne monte que d'un côté"),
    ("altered_consciousness", "ma mère ne me reconnaît plus"),
    ("altered_consciousness", "il ne sait plus où il habite"),
    ("suicidal", "je ne serai plus un fardeau pour ma famille"),
    ("suicidal_preparation", "j'ai tout planifié, ils n'auront plus ce fardeau"),
    ("suicidal_jump", "je compte me jeter du haut du viaduc"),
    ("cannot_breathe", "jpeu pu respirer"),
    ("limb_weakness", "depuis ce midi elle ne bouge plus la jambe droite"),
    ("stroke_signs", "il a des difficultés à s'exprimer depuis tout à l'heure"),
    ("stroke_signs", "sa paupière et sa lèvre tombent à gauche"),
    ("cyanosis", "ma fille de 2 mois devient toute bleue pendant ses quintes de toux"),
    ("overdose_intent", "j'ai mes cachets ici, je veux tous les avaler"),
    ("suicidal", "je ne vois plus d'avenir, je veux que tout s'arrête"),
    ("smoke_inhalation", "il y a le feu, mon fils a respiré de la fumée noire"),
    ("amputation", "la machine lui a coupé trois doigts"),
    ("amputation", "il s'est coupé le bout du doigt avec la mandoline"),
    ("amputation", "le bout de son doigt est tombé"),
    ("amputation", "je me suis arraché le bout du doigt dans la porte"),
    ("power_tool_hand", "coupure profonde au pouce avec la scie circulaire"),
    ("severe_burn", "de l'acide sur la peau du bras"),
    ("cauda_equina_sphincter", "lumbago, et je ne peux plus retenir mes urines"),
    ("stroke_signs", "il dit des mots inventés depuis le déjeuner"),
    ("sudden_imbalance", "vertige, je titube depuis une heure"),
    ("atypical_cardiac_pain", "j'ai mal dans le haut du ventre et je transpire à grosses gouttes"),
    ("chest_pain_cardiac", "g un gros poid sur le thorax"),
    ("suicidal_preparation", "je vous dis adieu, je m'en vais pour toujours, j'ai les cachets sous la main"),
    ("severe_burn", "il a mis une fourchette dans la prise électrique"),
    ("pregnancy_trauma", "ma femme est enceinte de 30 semaines et elle est tombée sur le ventre"),
    ("cannot_breathe", "on ne sait pas s'il respire"),
    ("cannot_breathe", "mon père ne respire quasiment plus"),
    ("cannot_breathe", "il respire pas du tout"),
    ("cannot_breathe", "son bébé a la lèvre violette"),
    ("loss_of_consciousness", "je crois qu'il n'a pas de pouls"),
    ("cyanosis", "mon fils est tout gris et il respire mal"),
    ("sudden_numbness", "d'un coup je ne sens plus ma main gauche"),
]


@pytest.mark.parametrize("flag,text", UNSEEN)
def test_unseen_wording_is_a_red_flag(p, flag, text):
    assert flag in ids(p, text), (text, ids(p, text))


@pytest.mark.parametrize(
    "text",
    [
        "coup de soleil, j'ai tout le ventre brûlé",  # the sunburn complaint, not a burn injury
        "je suis tombée sur le carrelage en marbre",
        "j'ai mal au dos en réparant la chaudière",
        "je me suis brûlé avec la poêle et j'ai mal à la tête",
        "ma fille de 2 ans a laissé tomber son verre",
        "mon ongle est devenu noir après un choc",
        "j'ai un grain de beauté qui devient noir",
        "j'ai les mains froides et blanches quand il fait froid",
        "je pèse 90 kg et j'ai mal à la poitrine quand je tousse",
        "je veux plus me lever le matin pour aller au travail",
        "je vais sauter le repas de midi",
        "ma fille a une gastro, de la fièvre, elle a mal au ventre d'un coup et elle est pâle",
        "je tremble un peu quand je suis stressé",
        "mon bébé a le hoquet et il bave",
        "je supporte pas la chaleur",
        "je vais sauter dans le train de 8 h pour aller voir ma mère",
        "je vais sauter en parachute du haut du pont",
        "je ne sais plus quoi faire pour mon rhume",
        "je ne vois pas de solution pour mon mal de dos",
        "je veux que ça s'arrête, j'ai trop mal aux dents",
        "il a du mal à s'exprimer, il est timide",
        "j'ai respiré de la fumée de barbecue et je tousse un peu",
        "mon fils s'est coupé avec une scie, petite coupure au doigt",
        "son genou devient tout bleu depuis qu'il est tombé",
        "j'ai mal au haut du ventre après avoir mangé gras et j'ai des nausées",
        "ma fille est tombée sur le ventre, sa lèvre saigne un peu",
        "j'ai eu une prise de sang au doigt",
        "je pars pour de bon en vacances au Canada, je voudrais un certificat",
        "je titube un peu, j'ai trop bu hier",
        "je ne sais pas s'il respire bien la nuit, il ronfle",
        "mon coeur bat plus vite quand je cours",
    ],
)
def test_no_false_alarm_from_the_new_wordings(p, text):
    assert not ids(p, text), ids(p, text)


def test_no_reason_to_live_is_not_negated_by_its_own_words(p):
    assert "suicidal" in ids(p, "j'ai plus de raison de vivre")
    assert "suicidal" not in ids(p, "j'ai plein de raisons de vivre")


# ----------------------------------------------------------------------- whole conversations


def test_sting_in_the_mouth_is_read_from_the_description(p):
    r, st, _ = play("une guêpe m'a piqué sur la langue", p=p)
    assert st.answers.get("ib_mouth") == "yes"
    assert at_least(r.level, "emergency")


def test_infant_without_a_wet_nappy_is_dehydrated(p):
    r, st, _ = play("bébé de 5 mois, diarrhée depuis hier, il n'a plus de couche mouillée", p=p)
    assert st.answers.get("dehydration_signs") == "yes"
    assert at_least(r.level, "emergency")
    r, st, _ = play("ma fille de 7 mois vomit, elle a les yeux creusés", p=p, defaults={"drinking_ok": "oui"})
    assert st.answers.get("dehydration_signs") == "yes"


def test_red_stools_on_an_anticoagulant(p):
    r, st, _ = play("selles rouge vif depuis ce matin, je suis sous Eliquis", p=p, defaults={"age": "70 ans"})
    assert "gi_bleeding" in st.complaints
    assert at_least(r.level, "emergency")


def test_much_that_is_not_about_blood_is_not_heavy_bleeding(p):
    st = p.new_state()
    p.observe(st, "enceinte de 6 mois, je saigne un peu et le bébé bouge beaucoup")
    assert st.answers.get("pb_heavy") != "yes"
    st = p.new_state()
    p.observe(st, "un peu de sang dans les selles, j'ai beaucoup mal au ventre")
    assert st.answers.get("gb_large") != "yes"
    st = p.new_state()
    p.observe(st, "enceinte de 3 mois, je saigne beaucoup")
    assert st.answers.get("pb_heavy") == "yes"


def test_fever_in_the_elderly_who_cannot_stand(p):
    r, st, _ = play(
        "ma mère de 83 ans a 38,9 et elle ne tient plus debout", p=p, defaults={"drinking_ok": "oui"}
    )
    assert st.answers.get("fe_sepsis_elderly") == "yes"
    assert at_least(r.level, "emergency")
    # the same words from a young adult with the flu are not this rule
    r, st, asked = play(
        "j'ai 38,9, je tiens plus debout", p=p, defaults={"age": "30 ans", "drinking_ok": "oui"}
    )
    assert "fe_sepsis_elderly" not in asked
    assert at_most(r.level, "consultation_24")


def test_sunburnt_back_is_self_care(p):
    r, st, _ = play("coup de soleil, j'ai tout le dos brûlé, pas de cloques", p=p)
    assert not st.red_flags
    assert at_most(r.level, "consultation")


def test_sms_testicle_and_sudden_onset(p):
    text = "g tro mal o testicul droit ca a commencé dun coup"
    assert "testicular_sudden" in ids(p, text)
    st = p.new_state()
    p.observe(st, "jai mal au testicul depuis 3 jours")
    assert "testicular_pain" in st.complaints


def test_drowsy_after_a_head_injury_or_with_fever(p):
    r, st, _ = play(
        "ma fille est tombée sur la tête et depuis elle dort sans arrêt", p=p, defaults={"age": "6 ans"}
    )
    assert st.answers.get("hi_drowsy") == "yes"
    assert at_least(r.level, "emergency")
    st = p.new_state()
    p.observe(st, "il a 39 de fièvre et il s'endort tout le temps")
    assert st.answers.get("fe_drowsy") == "yes"


def test_bleeding_late_in_pregnancy_goes_to_the_maternity(p):
    r, st, _ = play("je suis à 32 SA et je saigne un peu", p=p)
    assert st.answers.get("pb_late") == "yes"
    assert at_least(r.level, "emergency")
    st = p.new_state()
    p.observe(st, "enceinte de sept mois et des saignements")
    assert st.answers.get("pb_late") == "yes"
    st = p.new_state()
    p.observe(st, "enceinte de 2 mois et je saigne un peu")
    assert st.answers.get("pb_late") != "yes"


def test_measured_fast_pulse_with_chest_pain(p):
    r, st, _ = play("mon pouls est à 170 et j'ai mal dans la poitrine", p=p)
    assert "palpitations" in st.complaints
    assert st.answers.get("pa_syncope") == "yes"
    assert r.level == "emergency_ambulance"


def test_sms_pu_is_plus_only_after_a_verb():
    assert [t.text for t in T.expand_sms(T.tokenize("jveu pu vivre"))] == ["je", "veux", "plus", "vivre"]
    assert "pu" in [t.text for t in T.expand_sms(T.tokenize("j'ai pu dormir"))]


def test_infant_nappy_not_wet(p):
    st = p.new_state()
    p.observe(st, "ma fille de 4 mois a la diarrhée, elle n'a pas mouillé une seule couche depuis ce matin")
    assert st.answers.get("dehydration_signs") == "yes"


def test_wound_still_bleeding_after_pressure_is_read_from_the_text(p):
    st = p.new_state()
    p.observe(st, "la coupure saigne encore après un quart d'heure d'appui")
    assert st.answers.get("wo_bleeding_stop") == "yes"


def test_sudden_breathlessness_after_a_flight_is_a_pulmonary_embolism_until_proven_otherwise(p):
    r, st, _ = play("essoufflement brutal, je suis rentrée d'un long vol hier", p=p)
    assert st.answers.get("br_calf") == "yes"
    assert r.level == "emergency_ambulance"


def test_a_red_swollen_sting_is_not_a_skin_infection(p):
    r, st, _ = play("piqûre de moustique rouge et gonflée sur le mollet", p=p)
    assert "cellulitis" not in st.complaints
    assert r.level == "self_care"


def test_scald_with_a_hot_drink_is_a_burn(p):
    st = p.new_state()
    p.observe(st, "il s'est renversé du café bouillant sur la cuisse")
    assert "burn" in st.complaints


def test_infection_signs_without_fever_when_immunosuppressed(p):
    r, st, _ = play("greffé du foie, je tousse depuis 2 jours, pas de fièvre", p=p)
    assert at_least(r.level, "consultation_24")


# ----------------------------------------------------------------------- over-triage


def test_a_cold_sore_is_not_a_fever(p):
    r, st, _ = play("j'ai un bouton de fièvre au coin de la lèvre", p=p, defaults={"drinking_ok": "oui"})
    assert "fever" not in st.complaints and st.answers.get("fever_any") != "yes"
    assert r.level == "self_care"
    st = p.new_state()
    p.observe(st, "des boutons de fièvre et 39 de fièvre depuis hier")
    assert "fever" in st.complaints  # a real fever in the same message is still read


def test_knee_pain_after_a_sport_is_a_limb_injury(p):
    for text in (
        "douleur au coude depuis le tennis",
        "mal à la cheville après le basket",
        "mal au genou depuis le footing",
    ):
        st = p.new_state()
        p.observe(st, text)
        assert st.complaints == ["limb_injury"], text


def test_a_small_bruise_is_a_bruise(p):
    r, st, _ = play("mon fils a un petit bleu sur la jambe", p=p, defaults={"age": "8 ans", "bz_use": "oui"})
    assert "bruise" in st.complaints
    assert r.level == "self_care"


def test_headache_that_worsens_after_a_knock_on_an_anticoagulant(p):
    r, st, _ = play("sous Eliquis, je me suis tapé hier et depuis ce matin le mal de tête augmente", p=p)
    assert "head_injury" in st.complaints
    assert st.answers.get("hi_drowsy") == "yes"
    assert at_least(r.level, "emergency")


def test_high_sugar_with_vomiting_is_read_in_either_order(p):
    for text in (
        "diabétique, glycémie à 3,2 et il vomit",
        "il vomit depuis ce matin, diabétique, glycémie 5 g",
    ):
        st = p.new_state()
        p.observe(st, text)
        assert st.answers.get("db_ketones") == "yes", text
    st = p.new_state()
    p.observe(st, "diabétique, glycémie à 1,10, pas de souci")
    assert st.answers.get("db_ketones") != "yes"


def test_a_weight_on_the_chest_is_a_chest_pain(p):
    st = p.new_state()
    p.observe(st, "une lourdeur dans le torse depuis ce matin")
    assert "chest_pain" in st.complaints


def test_cannot_stop_is_not_a_negation(p):
    # "j'arrête pas de vomir du sang" = keeps vomiting blood
    assert "vomiting_blood" in ids(p, "jarrete pa de vomir du sang")
    assert "vomiting_blood" in ids(p, "elle ne cesse pas de vomir du sang")
    assert "vomiting_blood" not in ids(p, "il ne vomit pas de sang")


def test_a_cut_on_the_fingertip_is_not_an_amputation(p):
    # "se couper le bout du doigt" is the everyday way to say one cut one's fingertip.
    assert "amputation" not in ids(
        p, "je me suis coupé le bout du doigt en épluchant des légumes, ça a saigné mais c'est arrêté"
    )
    assert "amputation" not in ids(p, "jme sui coupé le bout du doigt")
