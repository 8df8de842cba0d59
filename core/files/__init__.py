"""Files people upload and download (filer): one rule for every app that keeps a file.

``sniff`` says what a file is from its bytes, ``upload.check`` refuses what
must not be kept (empty, too big, a kind not accepted, a name that lies about
the kind), ``download.attachment`` hands the bytes back as a download that is
never shown inline nor cached. The encrypted column the bytes live in is
``core.fields.EncryptedBytesField``.
"""
