"""Qualitative coding: sources (survey comments, interview and focus-group transcripts), a
hierarchical codebook with its history, codings by coder and layer, memos, blind double coding
of a random sample, agreement between coders and the adjudicated consensus (issue 15).

The data flows one way: this app reads surveys and programs; nothing reads it back. The pure
parts (`mentora.qualitative.pure`: text offsets, sampling, agreement figures) import no Django.
"""
