"""Test support code: the fake Discord server (``tests.support.fake_discord``) and its models."""
