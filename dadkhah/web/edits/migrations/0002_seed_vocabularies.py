# Seed the vocabularies from the codes the platform already stores, with their labels in
# both languages: violation types are the event kinds, fates those of the synthetic case,
# affiliations dadkhah.core.affiliations, place kinds the gazetteer's, kinds of fact the
# claim kinds of dadkhah.web.people.labels. Labels are copied, not imported: a migration
# must give the same rows whatever the code says later.

from django.db import migrations

SEED = {
    "violation_type": (
        ("arrest", "arrest", "بازداشت"),
        ("detention", "detention", "حبس"),
        ("transfer", "transfer", "انتقال"),
        ("hearing", "hearing before a commission", "حضور در برابر هیئت"),
        ("execution", "execution", "اعدام"),
        ("burial", "burial", "خاکسپاری"),
        ("family_notification", "notification of family", "آگاه\u200cسازی خانواده"),
        ("disappearance", "disappearance", "ناپدیدسازی"),
        ("grave_interference", "grave interference", "دست\u200cاندازی به گور"),
        ("threat_against_family", "threat against family", "تهدید خانواده"),
        ("official_communication", "official communication", "مکاتبه\u200cی رسمی"),
        ("other", "other", "دیگر"),
    ),
    "fate": (
        ("executed", "executed", "اعدام شد"),
        ("died_in_custody", "died in custody", "در بازداشت درگذشت"),
        ("disappeared", "disappeared", "ناپدید شد"),
        ("unknown", "not known", "نامعلوم"),
    ),
    "affiliation": (
        ("pmoi", "People's Mojahedin Organization of Iran", "سازمان مجاهدین خلق ایران"),
        (
            "fadaiyan-majority",
            "Organization of Iranian People's Fadaiyan (Majority)",
            "سازمان فداییان خلق ایران (اکثریت)",
        ),
        (
            "fadaiyan-minority",
            "Organization of Iranian People's Fadaiyan (Minority)",
            "سازمان فداییان خلق ایران (اقلیت)",
        ),
        (
            "fadaiyan-guerrillas",
            "Iranian People's Fadaiyan Guerrillas",
            "چریک\u200cهای فدایی خلق ایران",
        ),
        ("fadaiyan", "Fadaiyan (faction not stated)", "فداییان خلق"),
        ("tudeh", "Tudeh Party of Iran", "حزب توده ایران"),
        (
            "rah-e-kargar",
            "Organization of Revolutionary Workers of Iran (Rah-e Kargar)",
            "سازمان کارگران انقلابی ایران (راه کارگر)",
        ),
        (
            "peykar",
            "Peykar Organization for the Emancipation of the Working Class",
            "سازمان پیکار در راه آزادی طبقه کارگر",
        ),
        ("komala", "Komala", "کومله"),
        ("kdpi", "Democratic Party of Iranian Kurdistan (KDPI)", "حزب دموکرات کردستان ایران"),
        ("cpi", "Communist Party of Iran", "حزب کمونیست ایران"),
        (
            "uic",
            "Union of Iranian Communists (Sarbedaran)",
            "اتحادیه کمونیست\u200cهای ایران (سربداران)",
        ),
        ("ranjbaran", "Ranjbaran Party of Iran", "حزب رنجبران ایران"),
        ("arman", "Arman-e Mostazafin Organization", "سازمان آرمان مستضعفین"),
        (
            "khalq-e-arab",
            "Arab people's organisations of Khuzestan (Khalq-e Arab)",
            "سازمان سیاسی خلق عرب",
        ),
        ("baluch", "Baluch organisation", "سازمان بلوچ"),
        ("left", "Left (organisation not stated)", "چپ"),
        ("none", "No affiliation", "بدون وابستگی"),
        ("unknown", "Not known", "نامعلوم"),
    ),
    "place_kind": (
        ("country", "country", "کشور"),
        ("province", "province", "استان"),
        ("city", "city", "شهر"),
        ("prison", "prison", "زندان"),
        ("cemetery", "cemetery", "گورستان"),
        ("grave_site", "grave site", "محل گور"),
        ("court", "court", "دادگاه"),
        ("other", "other", "دیگر"),
    ),
    "claim_kind": (
        ("executed", "executed", "اعدام شد"),
        ("arrested", "arrested", "بازداشت شد"),
        ("buried_at", "buried at", "به خاک سپرده شد در"),
        ("held_at", "held at", "نگه\u200cداری شد در"),
        ("detained_at", "detained at", "بازداشت بود در"),
        ("member_of", "member of", "عضو"),
        ("post_held", "post held", "سمتی که داشت"),
        ("sat_at", "sat on a commission at", "در هیئت نشست در"),
        ("site_status", "state of the site", "وضعیت محل"),
        ("threat_against_family", "threat against the family", "تهدید خانواده"),
        ("family_notification", "what the family was told", "آنچه به خانواده گفته شد"),
        ("took_place", "took place", "رخ داد"),
        ("relative_of", "relative of", "خویشاوندِ"),
        ("namesake_of", "namesake of", "هم\u200cنام با"),
    ),
}


def seed(apps, schema_editor):
    Term = apps.get_model("edits", "Term")
    Term.objects.bulk_create(
        [
            Term(vocabulary=vocabulary, key=key, label_en=en, label_fa=fa, position=i)
            for vocabulary, rows in SEED.items()
            for i, (key, en, fa) in enumerate(rows)
        ],
        ignore_conflicts=True,
    )


def unseed(apps, schema_editor):
    Term = apps.get_model("edits", "Term")
    for vocabulary, rows in SEED.items():
        Term.objects.filter(vocabulary=vocabulary, key__in=[r[0] for r in rows]).delete()


class Migration(migrations.Migration):
    dependencies = [("edits", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
