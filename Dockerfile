# One image for every service of the platform: `embrace serve ingest|enrich|aggregate|reporting`,
# `embrace import police --live`, and the one-shot commands of docker-compose.yml.
FROM python:3.11.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    # grafana-client's urllib3-future must install beside urllib3, not over it (see the Makefile).
    URLLIB3_NO_OVERRIDE=1

WORKDIR /opt/embrace
COPY pyproject.toml constraints.txt README.md ./
COPY embrace ./embrace
COPY services ./services
RUN pip install --no-cache-dir -c constraints.txt --no-binary urllib3-future . \
    && useradd --system --create-home --home-dir /var/lib/embrace embrace

USER embrace
# Workers keep their local state (faust's data folders) in the working directory.
WORKDIR /var/lib/embrace
ENV EMBRACE_HOME=/var/lib/embrace EMBRACE_HTTP_HOST=0.0.0.0 EMBRACE_HTTP_PORT=8000
EXPOSE 8000 9100
ENTRYPOINT ["embrace"]
CMD ["--help"]
