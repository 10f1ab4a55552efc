"""People's names read from the titles around them (sentences written for these tests)."""

from extractor.finders.people import find_people


def names(text):
    return [text[s:e] for s, e in find_people(text)]


def test_name_after_its_title():
    text = "وقال وزير الخارجية الأردني أيمن الصفدي في مؤتمر صحفي إن المحادثات مستمرة."
    assert names(text) == ["أيمن الصفدي"]


def test_name_before_a_title_behind_a_comma():
    text = "وأكدت نجلاء المنقوش، وزيرة الخارجية الليبية، أن الحوار هو الطريق الوحيد."
    assert names(text) == ["نجلاء المنقوش"]


def test_led_by_and_honorifics():
    text = "تقدمت القوات بقيادة العميد سالم جحا نحو المدينة."
    assert names(text) == ["سالم جحا"]


def test_particles_belong_to_the_name():
    text = "واستقبل ولي العهد الأمير محمد بن سلمان الوفد في الرياض."
    assert names(text) == ["محمد بن سلمان"]


def test_a_title_without_a_name_gives_nothing():
    text = "وقال المتحدث باسم الوزارة إن الاجتماع انتهى دون نتائج، وأضاف رئيس الوفد أن الحوار سيستأنف."
    assert names(text) == []


def test_a_name_does_not_run_on_into_the_object():
    # VSO: the verb's object follows the name; «ميقاتي» alone later marks the end of the name
    text = "ووقع رئيس الوزراء نجيب ميقاتي مرسوما جديدا. وأوضح ميقاتي أن المرسوم نافذ."
    assert names(text) == ["نجيب ميقاتي"]


def test_conjunction_is_not_part_of_the_name():
    text = "اجتمع الرئيس التونسي قيس سعيد ورئيسة الحكومة نجلاء بودن في قصر قرطاج."
    assert names(text) == ["قيس سعيد", "نجلاء بودن"]
