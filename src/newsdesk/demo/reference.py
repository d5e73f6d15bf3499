"""The reference article from shared/seed/reference-page.txt, verbatim: the page Newsdesk starts from."""

HEADLINE = "Amid Iran's growing threats, Azerbaijan and Turkey holding joint military drills"

PARAGRAPHS = [
    "On December 5, Türkiye and Azerbaijan have kicked off a joint military exercise in Azerbaijan, the latter’s Defense Ministry announced Monday.",
    "As per a military cooperation agreement between the two countries, Turkish and Azerbaijan troops gathered for drills in Baku, Astara, Jabrayil and Imishli, the ministry said.",
    "Land and air forces, special units, intelligence units, and missile and artillery units taking part in the exercise are conducting various missions, according to the ministry, reports Turkish Daily Sabah",
    "The drill is being executed using modern warfare methods and includes missions like the coordinated organization of various units, the installment of pontoon bridges to cross rivers and deploying troops in figurative enemy zones.",
    "The drill is designed to ensure the coordination of units during battle, improving their administration, sharing experience and enhancing professionalism.",
    "Azerbaijani media also cover these military drills. One of the interesting parts of the exercises is the passage of manpower and military equipment across the Araz River. It is also a clear response to Iran's military recent military exercises on the border with Azerbaijan. The armies of two fraternal states - Azerbaijan and Türkiye - once again demonstrate their might and professionalism, reports Azernews per Trend.",
    "The recent exercise follows\xa0the flight-tactical training\xa0the countries conducted earlier this year in Azerbaijan.",
    "Ankara and Baku enjoy strong bilateral relations.",
    "Türkiye was a key backer of Azerbaijan during the 44-day Karabakh war between Baku and Yerevan, which erupted on Sept. 27, 2020, and ended with a Russian-brokered cease-fire on Nov. 10. During the faceoff that started in September 2020, Azerbaijan liberated several cities and 300 settlements and villages that were occupied by Armenia for nearly three decades. The peace agreement is celebrated as a triumph in Azerbaijan.",
    "After the conflict ended, Azerbaijan launched a massive reconstruction initiative in the liberated Karabakh region.",
    'Turkish officials repeatedly said the country is "ready for whatever needs to be done" in Karabakh after its liberation from Armenia\'s nearly 30-year illegal occupation.',
]

STANDFIRST = (
    "Land and air forces of the two allies are exercising in Baku, Astara, Jabrayil and Imishli, "
    "including a crossing of the Araz River."
)
DATELINE = "BAKU"
SECTION = "defence"
PUBLISHED = "2022-12-05T15:40:00+04:00"
TOPICS = ["Azerbaijan", "Türkiye", "Iran", "Karabakh"]
# In the order the article cites them: "reports Turkish Daily Sabah", "reports Azernews per Trend".
SOURCES = [("daily-sabah", "reported_by"), ("azernews", "reported_by"), ("trend", "via")]
IMAGE_CAPTION = (
    "Illustration: armoured vehicles cross a pontoon bridge during joint Azerbaijani-Turkish drills."
)
