"""A small stand-in for the workshop Flask app, run by tests/apm.rs under `ddtrace-run gunicorn`
so that ddtrace continues the traces thumbctl's requests carry. It answers every path the
`quick` scenario sends to: 201 for a new user, 200 with a small JSON body otherwise."""

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/users", methods=["POST"])
def create_user():
    return jsonify({"created": request.get_json(silent=True) or {}}), 201


@app.route("/", defaults={"path": ""}, methods=["GET", "HEAD"])
@app.route("/<path:path>", methods=["GET", "HEAD"])
def anything(path):
    return jsonify({"path": "/" + path})
