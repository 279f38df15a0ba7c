from django.urls import reverse


def test_home_shows_the_users_program(make_user, program, login):
    user = make_user("employment_specialist", program)
    response = login(user).get(reverse("core:home"))
    assert response.status_code == 200
    assert program.name in response.content.decode()
