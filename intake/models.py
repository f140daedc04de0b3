# The door holds no data of its own: everything it records lives in the participants app.
