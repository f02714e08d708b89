from pathlib import Path

from setuptools import find_packages, setup

setup(
    name="msgcheck",
    version="0.1.0",
    description="Will this message get my account punished? A diversion/competitor-mention checker "
                "for Chinese private-domain operators.",
    long_description=Path(__file__).with_name("README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    python_requires=">=3.11",
    packages=find_packages(include=["checker", "checker.*", "web", "web.*", "wordlists", "reports", "reports.*"]),
    py_modules=["cli"],
    package_data={"wordlists": ["*.txt", "*.toml", "*.lst", "*.dict"], "web": ["templates/*", "static/*"], "checker": ["py.typed"]},
    include_package_data=True,
    install_requires=[
        "jieba>=0.42.1",
        "marisa-trie>=1.2.0",
        "click>=8.1",
        "Flask>=3.0",
        "opencc>=1.1.7",
        "pypinyin>=0.50",
        "phonenumbers>=8.13",
        "redis>=5.0",
        "gunicorn>=21.2",
        "jsonschema>=4.17",
        "confusable-homoglyphs>=3.3",
        "prometheus_client>=0.17",
        "orjson>=3.9",
    ],
    extras_require={
        # Distributed audits (msgcheck audit --dask) and Parquet input.
        "dask": ["dask[distributed]>=2024.1", "pyarrow>=14"],
        "test": ["pytest>=7.4", "pytest-xdist>=3.5", "hypothesis>=6.90", "selenium>=4.15", "schemathesis>=4.32",
                 "openapi-spec-validator>=0.7", "dask[distributed]>=2024.1", "pyarrow>=14"],
        "bench": ["flashtext>=2.7", "pyahocorasick>=2.0"],
    },
    entry_points={"console_scripts": ["msgcheck=cli:main"]},
)
