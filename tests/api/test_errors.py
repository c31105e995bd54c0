import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v1/agreements/1/nowhere"])
def test_unknown_api_path_answers_json_404_in_the_error_shape(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "not_found"
    assert path in body["message"]
    assert body["extra"] == {}


@pytest.mark.django_db
def test_wrong_method_answers_json_405_with_the_allowed_methods(client):
    response = client.delete("/api/v1/regions")

    assert response.status_code == 405
    assert response["Allow"] == "GET"
    body = response.json()
    assert body["code"] == "method_not_allowed"
    assert "DELETE" in body["message"]
    assert body["extra"] == {"allowed": ["GET"]}


@pytest.mark.django_db
def test_known_paths_still_answer(client):
    assert client.get("/api/v1/regions").status_code == 200
    assert client.get("/api/v1/openapi.json").status_code == 200
